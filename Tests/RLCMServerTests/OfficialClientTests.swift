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

    @Test("The API document is true to the official client's models: no key may be null that the client's model does not make nullable, every key the model requires is required, and the examples validate")
    func documentMatchesClientModels() throws {
        let support = SchemaValidator.repoRoot.appendingPathComponent("Tests/Support").path
        let document = SchemaValidator.repoRoot.appendingPathComponent("Schemas/workato-api.openapi.yaml").path
        let python = try PythonEnvironment.bin("python")
        let models = try runTool(python, [support + "/openapi_client_models.py", document])
        #expect(models.status == 0 && models.output.contains("18 schemas checked"), "\(models.output)")
        let checked = try runTool(python, [support + "/openapi_validate.py", "--check-document", document])
        #expect(checked.status == 0, "\(checked.output)")
    }

    @Test("workato init, edit, push, pull and the listings against rlcm serve on the sandbox")
    func roundTrip() async throws {
        let dir = TempDir()
        let (root, server) = try ServeProcessTests.served(dir)
        defer { server.stop() }
        let (client, home) = try Self.clientFolders(dir)
        let projects = try JSONSerialization.jsonObject(with: try await server.call("GET", "/api/projects").body) as? [[String: Any]]
        let project = try #require(projects?.first?["id"] as? Int)
        let initialised = try Self.initialise(server, ["--project-id", String(project)], in: client, home: home)
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

    /// `workato init` the non-interactive way, on the server's URL with its token, for the
    /// project `project` names (`--project-id N` or `--project-name NAME`).
    static func initialise(_ server: LiveServer, _ project: [String], in client: String, home: String) throws -> String {
        try workato(["init", "--non-interactive", "--profile", "rlcm", "--region", "custom", "--api-url", server.url, "--api-token", server.token]
                    + project, in: client, home: home)
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

    @Test("workato init --project-name, recipes start/stop on its empty folder, recipes list with each filter, connections list --external-id")
    func newProjectAndFilters() async throws {
        let dir = TempDir()
        let (root, server) = try ServeProcessTests.served(dir)
        defer { server.stop() }
        let (client, home) = try Self.clientFolders(dir)
        let initialised = try Self.initialise(server, ["--project-name", "Fresh"], in: client, home: home)
        #expect(initialised.contains("Project setup complete") && !initialised.contains("rror"), "\(initialised)")
        #expect(FileSystem.isDirectory(root + "/Fresh"), "the new project is a folder of the workspace")
        let projects = try await Self.projects(server)
        let fresh = try #require(projects["Fresh"])
        for command in ["start", "stop"] {
            let output = try Self.workato(["recipes", command, "--folder-id", String(fresh)], in: client, home: home)
            #expect(output.contains("No recipes found in folder \(fresh)"), "\(output)")
        }

        let orderSync = try #require(projects["Order Sync"])
        func listed(_ filter: [String]) throws -> (count: String, names: [String]) {
            let output = try Self.workato(["recipes", "list", "--folder-id", String(orderSync)] + filter, in: client, home: home)
            let names = ["New order to fulfilment", "Notify ops channel", "Get order status"].compactMap { name in
                output.range(of: name).map { (name, $0.lowerBound) } }.sorted { $0.1 < $1.1 }.map(\.0)
            let count = output.firstMatch(of: /Recipes \((\d+) found/).map { String($0.1) } ?? output
            return (count, names)
        }
        let any = try listed(["--adapter-names-any", "slack,workato_api_platform"])
        #expect(any.count == "2" && Set(any.names) == ["Notify ops channel", "Get order status"], "\(any)")
        let all = try listed(["--adapter-names-all", "slack,workato_recipe_function"])
        #expect(all.count == "1" && all.names == ["Notify ops channel"], "\(all)")
        #expect(try listed(["--stop-cause", "trigger_errors_limit"]).count == "0")
        for (file, month) in zip(["orders/new_order_to_fulfilment", "orders/notify_ops_channel", "api/get_order_status"], [1, 1, 6]) {
            try FileManager.default.setAttributes([.modificationDate: try Date("2026-0\(month)-01T00:00:00Z", strategy: .iso8601)],
                                                  ofItemAtPath: "\(root)/Order Sync/\(file).recipe.json")
        }
        for time in ["2026-03-01T00:00:00", "2026-03-01T00:00:00+00:00"] {
            let updated = try listed(["--updated-after", time])
            #expect(updated.count == "1" && updated.names == ["Get order status"], "\(time): \(updated)")
        }
        #expect(try listed(["--order", "activity"]).names.first == "Get order status")
        let connections = try Self.workato(["connections", "list", "--external-id", "crm-1"], in: client, home: home)
        #expect(connections.contains("Connections (0 found") && !connections.contains("Ops Slack"), "\(connections)")
    }

    @Test("workato connections create and update, recipes update-connection and recipes validate change the served workspace's files")
    func connectionCommands() async throws {
        let dir = TempDir()
        let (root, server) = try ServeProcessTests.served(dir)
        defer { server.stop() }
        let (client, home) = try Self.clientFolders(dir)
        let orderSync = try #require(try await Self.projects(server)["Order Sync"])
        let folders = try JSONSerialization.jsonObject(with: try await server.call("GET", "/api/folders?parent_id=\(orderSync)").body) as? [[String: Any]] ?? []
        let connectionsFolder = try #require(folders.first { $0["name"] as? String == "connections" }?["id"] as? Int)
        _ = try Self.initialise(server, ["--project-id", String(orderSync)], in: client, home: home)

        let created = try Self.workato(["connections", "create", "--name", "Ops Slack (production)", "--provider", "slack",
                                        "--folder-id", String(orderSync), "--shell-connection"], in: client, home: home)
        #expect(created.contains("Connection created successfully"), "\(created)")
        #expect(readAll(root + "/Order Sync/ops_slack_production.connection.json")
                == Array("{\n  \"name\": \"Ops Slack (production)\",\n  \"provider\": \"slack\",\n  \"root_folder\": false\n}\n".utf8))
        let id = try #require(created.firstMatch(of: /Connection ID: (\d+)/).flatMap { Int($0.1) }, "\(created)")

        // `workato connections update` fails in 1.0.7 before any request (its `--input-file` option
        // has no parameter: a TypeError); the client's own API library sends the request instead.
        let command = try Self.workato(["connections", "update", "--connection-id", String(id), "--name", "Ops Slack (prod)"], in: client, home: home)
        #expect(command.contains("unexpected keyword argument 'input_file'"), "the client's command works now: drive it instead: \(command)")
        let updated = try runTool(try PythonEnvironment.bin("python"), ["-c", Self.updateConnection, server.url, server.token, String(id),
                                                                        "Ops Slack (prod)", String(connectionsFolder)])
        #expect(updated.status == 0 && updated.output.contains("\"folder_id\": \(connectionsFolder)") && updated.output.contains("\"id\": \(id),"),
                "\(updated.output)")
        let moved = root + "/Order Sync/connections/ops_slack_production.connection.json"
        #expect(!FileSystem.exists(root + "/Order Sync/ops_slack_production.connection.json"))
        #expect(try JSONParser.parse(readAll(moved), file: moved)["name"]?.stringValue == "Ops Slack (prod)", "renamed and moved")

        let recipes = try JSONSerialization.jsonObject(with: try await server.call("GET", "/api/recipes").body) as? [String: Any]
        let notify = try #require((recipes?["items"] as? [[String: Any]])?.first { $0["name"] as? String == "Notify ops channel" }?["id"] as? Int)
        let recipe = root + "/Order Sync/orders/notify_ops_channel.recipe.json"
        let before = try String(contentsOfFile: recipe, encoding: .utf8)
        let connected = try Self.workato(["recipes", "update-connection", String(notify), "--adapter-name", "slack", "--connection-id", String(id)],
                                         in: client, home: home)
        #expect(connected.contains("Successfully updated connection for recipe \(notify)"), "\(connected)")
        #expect(try String(contentsOfFile: recipe, encoding: .utf8)
                == before.replacingOccurrences(of: "\"connections/ops_slack.connection.json\"", with: "\"connections/ops_slack_production.connection.json\""))

        let validated = try Self.workato(["recipes", "validate", "--path", recipe], in: client, home: home)
        #expect(validated.contains("Recipe validation passed") && !validated.contains("Unknown provider"), "\(validated)")
    }

    /// `PUT /api/connections/:id` through the official client's API library, as its `connections
    /// update` would send it: URL, token, id, name and folder id as arguments; prints the answer.
    static let updateConnection = """
        import asyncio, json, sys
        from workato_platform_cli import Workato
        from workato_platform_cli.cli.containers import create_workato_config
        from workato_platform_cli.client.workato_api.models.connection_update_request import ConnectionUpdateRequest
        async def main():
            async with Workato(configuration=create_workato_config(sys.argv[2], sys.argv[1])) as client:
                request = ConnectionUpdateRequest(name=sys.argv[4], folder_id=int(sys.argv[5]))
                connection = await client.connections_api.update_connection(connection_id=int(sys.argv[3]), connection_update_request=request)
                print(json.dumps({"id": connection.id, "name": connection.name, "folder_id": connection.folder_id}))
        asyncio.run(main())
        """

    /// The client's working folder and its HOME, empty.
    static func clientFolders(_ dir: TempDir) throws -> (client: String, home: String) {
        let (client, home) = (dir.path + "/client", dir.path + "/home")
        try FileManager.default.createDirectory(atPath: client, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        return (client, home)
    }

    /// The served workspace's projects by name.
    static func projects(_ server: LiveServer) async throws -> [String: Int] {
        let projects = try JSONSerialization.jsonObject(with: try await server.call("GET", "/api/projects").body) as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: projects.compactMap { project in (project["name"] as? String).map { ($0, project["id"] as? Int ?? 0) } })
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
