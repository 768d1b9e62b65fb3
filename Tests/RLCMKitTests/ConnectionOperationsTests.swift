import Foundation
import RLCMKitTestSupport
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// Connections made, moved and given to recipes, in process, on copies of the sample sandbox:
/// each change is one transaction, the references that lead to a moved connection follow it
/// (from its own project and from others), and nothing else in the tree changes.
@Suite("Connection operations, in process")
struct ConnectionOperationsTests {
    let dir = TempDir()
    let environment: RunEnvironment
    let workspace: Workspace
    let notify = "Order Sync/orders/notify_ops_channel.recipe.json"

    init() throws {
        environment = .testing(in: dir.path)
        workspace = try .sample("sandbox", copiedTo: dir.file("sandbox"))
    }

    /// Every file of the workspace but rlcm's state, by digest.
    func files() -> [String: String] { treeDigest(workspace.root).filter { !$0.key.hasPrefix(".rlcm") } }

    @Test("A move rewrites the references to the connection in every project, and only them; the export still resolves")
    func moveRewritesReferences() throws {
        let before = files()
        let recipe = try String(contentsOfFile: workspace.path(notify), encoding: .utf8)
        let moved = try workspace.session(environment) {
            try $0.updateConnection("Shared Connections/ops_slack.connection.json", name: nil, folder: "Order Sync/connections")
        }
        #expect(moved == "Order Sync/connections/ops_slack.connection.json")
        let after = files()
        // The file moved as it was; the one recipe that refers to it changed its reference alone.
        #expect(after[moved] == before["Shared Connections/ops_slack.connection.json"] && after["Shared Connections/ops_slack.connection.json"] == nil)
        #expect(try String(contentsOfFile: workspace.path(notify), encoding: .utf8)
                == recipe.replacingOccurrences(of: "\"Shared Connections/ops_slack.connection.json\"", with: "\"connections/ops_slack.connection.json\""))
        let changed = Set(after.keys).union(before.keys).filter { after[$0] != before[$0] }
        #expect(changed == [notify, moved, "Shared Connections/ops_slack.connection.json"], "\(changed.sorted())")
        _ = try workspace.session(environment) { try $0.exportSelection(folder: "Order Sync") }

        // Back to the other project: the reference is from the workspace root again.
        _ = try workspace.session(environment) { try $0.updateConnection(moved, name: nil, folder: "Shared Connections") }
        #expect(files() == before)
    }

    @Test("A commit that fails half-way leaves the tree as it was")
    func failedMoveChangesNothing() throws {
        let before = files()
        var failing = environment
        failing.faults = FaultInjection(failCommitAfterRenames: 1)
        #expect(throws: (any Error).self) {
            try workspace.session(failing) { try $0.updateConnection("Shared Connections/ops_slack.connection.json", name: "Slack", folder: "Billing") }
        }
        #expect(files() == before)
    }

    @Test("Create writes the placeholder an import writes; connect points one config entry at it, or gives an empty one a reference; refusals name the problem")
    func createAndConnect() throws {
        let path = try workspace.session(environment) { try $0.createConnection(name: "Ops Slack (prod)", provider: "slack", in: "Order Sync/connections") }
        #expect(path == "Order Sync/connections/ops_slack_prod.connection.json")
        #expect(readAll(workspace.path(path)) == Array("{\n  \"name\": \"Ops Slack (prod)\",\n  \"provider\": \"slack\",\n  \"root_folder\": false\n}\n".utf8))
        let recipe = try String(contentsOfFile: workspace.path(notify), encoding: .utf8)
        try workspace.session(environment) { try $0.connect(recipe: notify, provider: "slack", to: path) }
        #expect(try String(contentsOfFile: workspace.path(notify), encoding: .utf8)
                == recipe.replacingOccurrences(of: "\"Shared Connections/ops_slack.connection.json\"", with: "\"connections/ops_slack_prod.connection.json\""))

        // An entry without a connection gets the reference the platform writes; the rest of the file is as it was.
        let functions = try workspace.session(environment) { try $0.createConnection(name: "Functions", provider: "workato_recipe_function", in: "Shared Connections") }
        let parsed = try JSONParser.parse(readAll(workspace.path(notify)), file: notify)
        try workspace.session(environment) { try $0.connect(recipe: notify, provider: "workato_recipe_function", to: functions) }
        var config = parsed["config"]!.arrayValue!
        var entry = config[0].objectValue!
        #expect(entry["provider"]?.stringValue == "workato_recipe_function" && entry["account_id"]?.isNull == true)
        entry["account_id"] = .object(JSONObject([("zip_name", .string("Shared Connections/functions.connection.json")), ("name", .string("Functions")),
                                                  ("folder", .string("Shared Connections"))]))
        config[0] = .object(entry)
        var expected = parsed.objectValue!
        expected["config"] = .array(config)
        #expect(readAll(workspace.path(notify)) == JSONWriter.pretty(.object(expected)) + [0x0A])

        // A recipe not written as the platform writes them is not rewritten whole.
        let compact = "Order Sync/orders/compact.recipe.json"
        try Data(JSONWriter.compact(parsed)).write(to: URL(fileURLWithPath: workspace.path(compact)))
        let twin = try workspace.session(environment) { try $0.createConnection(name: "Acme ERP (sandbox)", provider: "acme", in: "Billing") }
        let before = files()
        let refusals: [(ConnectionError, (WorkspaceSession) throws -> Void)] = [
            (.providerNotInRecipe(recipe: notify, provider: "jira"), { try $0.connect(recipe: self.notify, provider: "jira", to: path) }),
            (.notWrittenAsThePlatformWrites(recipe: compact, provider: "workato_recipe_function"),
             { try $0.connect(recipe: compact, provider: "workato_recipe_function", to: path) }),
            (.notAConnection(notify), { try $0.connect(recipe: self.notify, provider: "slack", to: self.notify) }),
            (.notInsideProject(""), { _ = try $0.createConnection(name: "x", provider: "slack", in: "") }),
            (.folderNotFound("Order Sync/none"), { _ = try $0.createConnection(name: "x", provider: "slack", in: "Order Sync/none") }),
            (.invalidProvider("slack!"), { _ = try $0.createConnection(name: "x", provider: "slack!", in: "Order Sync") }),
            (.emptyName, { _ = try $0.updateConnection(path, name: " ", folder: nil) }),
            (.pathTaken("Order Sync/connections/acme_erp_sandbox.connection.json"),
             { _ = try $0.updateConnection(twin, name: nil, folder: "Order Sync/connections") }),
        ]
        for (expected, body) in refusals {
            #expect(throws: expected) { try workspace.session(environment, body) }
        }
        #expect(files() == before, "a refused change writes nothing")
    }
}
