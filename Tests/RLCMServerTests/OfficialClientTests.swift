import Foundation
import RLCMKitTestSupport
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit
@testable import RLCMServer

/// The platform's own clients against a real `rlcm serve`: the official Python client
/// (`workato-platform-cli` 1.0.7, in a virtual environment) and what the connector SDK's push does.
@Suite("rlcm serve with the platform's clients", .serialized)
struct OfficialClientTests {
    /// Runs `workato ARGS` the non-interactive way (notes §1): its own HOME, no update check, the
    /// file keyring, standard input closed. Its exit status is no verdict: returns its output, one
    /// line per spinner frame.
    static func workato(_ arguments: [String], in folder: String, home: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PythonEnvironment.bin("workato"))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home
        environment["WORKATO_DISABLE_UPDATE_CHECK"] = "1"
        environment["WORKATO_DISABLE_DEPRECATION_WARNING"] = "1"
        environment["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        environment["NO_PROXY"] = "127.0.0.1,localhost"
        process.environment = environment
        let output = TempDir()
        _ = FileManager.default.createFile(atPath: output.file("out"), contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: output.file("out"))
        process.standardError = FileHandle(forWritingAtPath: output.file("out"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOfFile: output.file("out"), encoding: .utf8)
        return text.split(separator: "\n").flatMap { $0.split(separator: "\r") }
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.joined(separator: "\n")
    }

    @Test("workato init, edit, push, pull and the listings against rlcm serve on the sandbox")
    func roundTrip() async throws {
        let dir = TempDir()
        let (root, server) = try ServeProcessTests.served(dir)
        defer { server.stop() }
        let (client, home) = (dir.path + "/client", dir.path + "/home")
        try FileManager.default.createDirectory(atPath: client, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let projects = try JSONSerialization.jsonObject(with: try await server.call("GET", "/api/projects").body) as? [[String: Any]]
        let project = try #require(projects?.first?["id"] as? Int)
        let initialised = try Self.workato(["init", "--non-interactive", "--profile", "rlcm", "--region", "custom", "--api-url", server.url,
                                            "--api-token", server.token, "--project-id", String(project)], in: client, home: home)
        #expect(initialised.contains("Successfully pulled project changes") && initialised.contains("Project setup complete"), "\(initialised)")
        let recipe = "orders/new_order_to_fulfilment.recipe.json"
        let pulled = client + "/Order Sync/" + recipe
        #expect(readAll(pulled) == readAll(root + "/Order Sync/" + recipe), "the pulled recipe is not the workspace's")

        let text = try String(contentsOfFile: pulled, encoding: .utf8)
        try text.replacingOccurrences(of: "\"When Acme ERP has a new order", with: "\"Edited through the official client: when Acme ERP has a new order")
            .write(toFile: pulled, atomically: true, encoding: .utf8)
        let pushed = try Self.workato(["push"], in: client, home: home)
        #expect(pushed.contains("Import completed successfully") && pushed.contains("recipe(s): No restart needed"), "\(pushed)")
        #expect(try String(contentsOfFile: root + "/Order Sync/" + recipe, encoding: .utf8).contains("Edited through the official client"))
        let history = try Workspace(root: root).locked(command: "test", environment: .testing(in: dir.path)) { try $0.history() }.imports.map(\.record)
        #expect(history.count == 1 && history.first?.project == "Order Sync" && history.first?.summary.update == 1, "\(history)")
        #expect(try CLI.run(["history", "-C", root]).check().stdout.contains(history.first?.id ?? "-"))

        let pulledAgain = try Self.workato(["pull"], in: client, home: home)
        #expect(pulledAgain.contains("Successfully pulled project changes") || pulledAgain.contains("up to date"), "\(pulledAgain)")
        #expect(readAll(pulled) == readAll(root + "/Order Sync/" + recipe))
        try await Self.listings(client: client, home: home, root: root)
    }

    /// `recipes list`, `connections list` and `connectors list` print the workspace's assets.
    static func listings(client: String, home: String, root: String) async throws {
        let recipes = try workato(["recipes", "list"], in: client, home: home)
        for name in ["New order to fulfilment", "Notify ops channel", "Get order status"] {
            #expect(recipes.contains(name), "\(name) not listed: \(recipes)")
        }
        #expect(recipes.contains("Recipes (3 found)"), "\(recipes)")
        let connections = try workato(["connections", "list"], in: client, home: home)
        #expect(connections.contains("Acme ERP (production)") && connections.contains("Ops Slack"), "\(connections)")
        let connectors = try workato(["connectors", "list"], in: client, home: home)
        let key = try Workspace(root: root).locked(command: "test", environment: .testing(in: home)) { try $0.connectors.connector(titled: "Acme ERP").providerKey }
        #expect(connectors.contains("Custom Connectors (1 total)") && connectors.contains(key), "\(connectors)")
    }

    @Test("The connector SDK's push: a zip of connector.custom_adapter.{rb,json,png} creates version 1, released; a second push version 2")
    func connectorSDKPush() async throws {
        let dir = TempDir()
        let (root, server) = try ServeProcessTests.served(dir)
        defer { server.stop() }
        for version in 1...2 {
            let folder = dir.path + "/sdk\(version)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "{\n  title: 'Parcel Tracker',\n  # push \(version)\n  actions: {}\n}\n".write(toFile: folder + "/connector.custom_adapter.rb", atomically: true, encoding: .utf8)
            try #"{"title": "Parcel Tracker", "description": "Tracks parcels", "note": "push \#(version)", "logo_file_name": "logo.png", "logo_content_type": "image/png"}"#
                .write(toFile: folder + "/connector.custom_adapter.json", atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(atPath: OrderSync.folder + "/acme_erp.custom_adapter.png", toPath: folder + "/connector.custom_adapter.png")
            let zip = dir.file("push\(version).zip")
            let zipped = try runTool("zip", ["-q", zip, "connector.custom_adapter.rb", "connector.custom_adapter.json", "connector.custom_adapter.png"], in: folder)
            #expect(zipped.status == 0, "\(zipped.output)")
            let job = try await server.call("POST", "/api/packages/import/2", body: try Data(contentsOf: URL(fileURLWithPath: zip)),
                                            contentType: "application/zip").object
            let done = try await server.finished(job: try #require(job["id"] as? Int), interval: 1)
            #expect(done["status"] as? String == "completed", "\(done)")
            let connector = try Workspace(root: root).locked(command: "test", environment: .testing(in: dir.path)) { try $0.connectors.connector(titled: "Parcel Tracker") }
            #expect(connector.latestVersion == version && connector.releasedVersion == version && connector.released?.note == "push \(version)")
            let listed = try await server.call("GET", "/api/custom_connectors").object["result"] as? [[String: Any]] ?? []
            #expect(listed.first { $0["title"] as? String == "Parcel Tracker" }?["latest_released_version"] as? Int == version)
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/Order Sync/connector.custom_adapter.rb"))
    }
}
