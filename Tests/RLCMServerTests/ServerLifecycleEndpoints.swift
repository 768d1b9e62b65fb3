import Foundation
import RLCMKitTestSupport
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit
@testable import RLCMServer

/// What the official client's lifecycle commands call beyond the round trip, each answer bound to
/// the contract (`ServerAPITests.everyEndpoint` runs these) and each change checked in the
/// workspace's files.
extension ServerAPITests {
    static func lifecycleEndpoints(_ api: APIClient, sandbox: ServedSandbox, project: Int, recipes: [String: Int]) async throws {
        try await emptyFolderAssets(api)
        try await recipeFilters(api, sandbox: sandbox, project: project, recipes: recipes)
        try await connectionEndpoints(api, sandbox: sandbox, project: project, recipes: recipes)
    }

    /// A project just made has no assets: 200 with none (`workato init --project-name`).
    static func emptyFolderAssets(_ api: APIClient) async throws {
        let created = try await api.call(.post, "/api/folders", json: ["name": "Empty"])
        let id = try #require(created.object["id"] as? Int)
        let assets = try await api.call(.get, "/api/export_manifests/folder_assets?folder_id=\(id)")
        #expect(assets.status == 200 && ((assets.object["result"] as? [String: Any])?["assets"] as? [Any])?.isEmpty == true, "\(assets.text)")
        let root = try #require(try await api.call(.get, "/api/users/me").object["root_folder_id"] as? Int)
        let refused = try await api.call(.get, "/api/export_manifests/folder_assets?folder_id=\(root)")
        #expect(refused.status == 400 && refused.object["errors"] != nil, "the root is no project: \(refused.text)")
    }

    static func recipeFilters(_ api: APIClient, sandbox: ServedSandbox, project: Int, recipes: [String: Int]) async throws {
        func names(_ query: String) async throws -> [String] {
            let answer = try await api.call(.get, "/api/recipes?folder_id=\(project)&\(query)")
            #expect(answer.status == 200, "\(query): \(answer.text)")
            return (answer.object["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        }
        let (fulfilment, notify, status) = ("New order to fulfilment", "Notify ops channel", "Get order status")
        #expect(Set(try await names("adapter_names_any=slack,workato_api_platform")) == [notify, status])
        #expect(try await names("adapter_names_all=slack,workato_recipe_function") == [notify])
        #expect(try await names("adapter_names_all=slack,workato_api_platform").isEmpty)
        #expect(try await names("adapter_names_any=slack&adapter_names_all=workato_api_platform").isEmpty)
        #expect(try await names("stop_cause=trigger_errors_limit").isEmpty, "no recipe of a workspace was stopped by the platform")

        // Changed in January, except the status recipe, changed in June.
        let files = ["orders/new_order_to_fulfilment", "orders/notify_ops_channel", "api/get_order_status"]
        for (file, month) in zip(files, [1, 1, 6]) {
            let date = try Date("2026-0\(month)-01T00:00:00Z", strategy: .iso8601)
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: "\(sandbox.root)/Order Sync/\(file).recipe.json")
        }
        #expect(try await names("updated_after=2026-03-01T00:00:00.000000%2B0000") == [status])
        #expect(try await names("updated_after=2026-03-01T00:00:00.000000") == [status], "no offset: UTC")
        #expect(try await names("updated_after=2026-03-01T00:00:00Z") == [status])
        #expect(try await names("updated_after=2026-07-01T00:00:00Z").isEmpty)
        #expect(try await names("order=activity").first == status)
        let byId = [fulfilment, notify, status].sorted { recipes[$0]! > recipes[$1]! }
        #expect(try await names("order=default") == byId)
        #expect(try await names("order=activity&per_page=1&page=2") == [byId.filter { $0 != status }.first!], "ties go newest id first")

        for query in ["stop_cause=stopped", "order=newest", "updated_after=yesterday", "updated_after=2026-03-01", "adapter_names_any=,"] {
            let refused = try await api.call(.get, "/api/recipes?\(query)")
            let field = String(query.prefix { $0 != "=" })
            #expect(refused.status == 400 && (refused.object["errors"] as? [String: Any])?[field] != nil, "\(query): \(refused.text)")
        }
        let external = try await api.call(.get, "/api/connections?external_id=crm-1")
        #expect(external.status == 200 && external.array.isEmpty, "no connection of a workspace has an external id")
    }

    /// Creating, renaming and moving connections, and pointing a recipe at one, through the
    /// library: the files afterwards, and the ids.
    static func connectionEndpoints(_ api: APIClient, sandbox: ServedSandbox, project: Int, recipes: [String: Int]) async throws {
        let root = sandbox.root
        let folders = try await api.call(.get, "/api/folders?parent_id=\(project)").array
        let connectionsFolder = try #require(folders.first { $0["name"] as? String == "connections" }?["id"] as? Int)
        let empty = try #require(try await api.call(.get, "/api/projects").array.first { $0["name"] as? String == "Empty" }?["id"] as? Int)

        let created = try await api.call(.post, "/api/connections", json: ["name": "Ops Slack (production)", "provider": "slack",
                                                                         "folder_id": project, "shell_connection": true])
        #expect(created.status == 200 && created.object["application"] as? String == "slack" && created.object["folder_id"] as? Int == project
                && created.object["authorization_status"] is NSNull, "\(created.text)")
        let slack = try #require(created.object["id"] as? Int)
        #expect(readAll("\(root)/Order Sync/ops_slack_production.connection.json")
                == Array("{\n  \"name\": \"Ops Slack (production)\",\n  \"provider\": \"slack\",\n  \"root_folder\": false\n}\n".utf8))
        let twin = try await api.call(.post, "/api/connections", json: ["name": "Ops Slack (production)", "provider": "slack", "folder_id": project])
        #expect(twin.status == 200 && FileSystem.isRegularFile("\(root)/Order Sync/ops_slack_production_2.connection.json"), "\(twin.text)")

        let key = try Workspace(root: root).locked(command: "test", environment: sandbox.environment) { try $0.connectors.connector(titled: "Acme ERP").providerKey }
        let acme = try await api.call(.post, "/api/connections", json: ["name": "Acme ERP (staging)", "provider": key, "folder_id": connectionsFolder])
        #expect(acme.status == 200 && acme.object["provider"] as? String == key, "\(acme.text)")
        let acmeFile = try JSONParser.parse(readAll("\(root)/Order Sync/connections/acme_erp_staging.connection.json"), file: "acme")
        #expect(acmeFile["provider"]?["name"]?.stringValue == "Acme ERP", "a store connector is named by title in the file")

        let refusals: [([String: Any], String)] = [
            (["name": "x", "provider": "slack"], "folder_id"), (["name": "x", "provider": "slack", "folder_id": 1], "folder_id"),
            (["name": "x", "provider": "slack", "folder_id": 999999], "folder_id"), (["name": " ", "provider": "slack", "folder_id": project], "name"),
            (["name": "x", "provider": "not a name", "folder_id": project], "provider"), (["name": "x", "provider": "slack", "folder_id": project, "input": ["token": "s3cret"]], "input"),
            (["name": "x", "provider": "slack", "folder_id": project, "external_id": "crm-1"], "external_id"),
            (["name": "x", "provider": "slack", "folder_id": project, "parent_id": slack], "parent_id"), (["provider": "slack", "folder_id": project], "name"),
        ]
        for (body, field) in refusals {
            let refused = try await api.call(.post, "/api/connections", json: body)
            #expect(refused.status == 400 && (refused.object["errors"] as? [String: Any])?[field] != nil, "\(body): \(refused.text)")
        }
        #expect(!FileSystem.isRegularFile("\(root)/Order Sync/x.connection.json"), "a refused create writes nothing")

        // connect: the notify recipe's Slack step uses the new connection; only its reference changed.
        let notifyPath = "\(root)/Order Sync/orders/notify_ops_channel.recipe.json"
        let before = try String(contentsOfFile: notifyPath, encoding: .utf8)
        let notify = try #require(recipes["Notify ops channel"])
        let connected = try await api.call(.put, "/api/recipes/\(notify)/connect", json: ["adapter_name": "slack", "connection_id": slack])
        #expect(connected.status == 200 && connected.object["success"] as? Bool == true, "\(connected.text)")
        #expect(try String(contentsOfFile: notifyPath, encoding: .utf8)
                == before.replacingOccurrences(of: "\"connections/ops_slack.connection.json\"", with: "\"ops_slack_production.connection.json\""))
        #expect(try await account(api, recipe: notify, provider: "slack") == slack)

        let functions = try #require(try await api.call(.post, "/api/connections", json: ["name": "Functions", "provider": "workato_recipe_function",
                                                                                          "folder_id": project]).object["id"] as? Int)
        let connectRefusals: [(Int, [String: Any], Int, String?)] = [
            (notify, ["adapter_name": "workato_recipe_function", "connection_id": slack], 400, "connection_id"),
            (notify, ["adapter_name": key, "connection_id": try #require(acme.object["id"] as? Int)], 400, "adapter_name"),
            (notify, ["adapter_name": "slack", "connection_id": 999999], 400, "connection_id"), (notify, ["adapter_name": "slack"], 400, "connection_id"),
            (999999, ["adapter_name": "slack", "connection_id": slack], 404, nil),
        ]
        // An entry without a connection gets one.
        let given = try await api.call(.put, "/api/recipes/\(notify)/connect", json: ["adapter_name": "workato_recipe_function", "connection_id": functions])
        let functionsAccount = try await account(api, recipe: notify, provider: "workato_recipe_function")
        #expect(given.status == 200 && functionsAccount == functions, "\(given.text)")
        for (recipe, body, status, field) in connectRefusals {
            let refused = try await api.call(.put, "/api/recipes/\(recipe)/connect", json: body)
            #expect(refused.status == status && (field.map { (refused.object["errors"] as? [String: Any])?[$0] != nil } ?? true), "\(body): \(refused.text)")
        }

        // Renamed: the file keeps its name. Moved: the recipe's reference follows, the id stays.
        let renamed = try await api.call(.put, "/api/connections/\(slack)", json: ["name": "Ops Slack (prod)", "shell_connection": false])
        #expect(renamed.status == 200 && renamed.object["name"] as? String == "Ops Slack (prod)" && renamed.object["id"] as? Int == slack)
        #expect(try JSONParser.parse(readAll("\(root)/Order Sync/ops_slack_production.connection.json"), file: "slack")["name"]?.stringValue == "Ops Slack (prod)")
        for (folder, path, reference) in [(connectionsFolder, "Order Sync/connections", "connections/ops_slack_production.connection.json"),
                                          (empty, "Empty", "Empty/ops_slack_production.connection.json")] {
            let moved = try await api.call(.put, "/api/connections/\(slack)", json: ["folder_id": folder])
            #expect(moved.status == 200 && moved.object["id"] as? Int == slack && moved.object["folder_id"] as? Int == folder, "\(moved.text)")
            #expect(FileSystem.isRegularFile("\(root)/\(path)/ops_slack_production.connection.json"))
            #expect(try String(contentsOfFile: notifyPath, encoding: .utf8).contains("\"zip_name\": \"\(reference)\""), "\(reference)")
            #expect(try await account(api, recipe: notify, provider: "slack") == slack)
        }
        #expect(!FileSystem.exists("\(root)/Order Sync/ops_slack_production.connection.json"))
        let third = try await api.call(.post, "/api/connections", json: ["name": "Ops Slack (production)", "provider": "slack", "folder_id": project])
        #expect(FileSystem.isRegularFile("\(root)/Order Sync/ops_slack_production.connection.json"), "\(third.text)")
        let updateRefusals: [(Int, [String: Any], Int, String?)] = [
            (slack, ["folder_id": 1], 400, "folder_id"), (slack, ["folder_id": 999999], 400, "folder_id"), (slack, ["name": ""], 400, "name"),
            (slack, ["input": ["password": "x"]], 400, "input"), (slack, ["parent_id": functions], 400, "parent_id"), (slack, ["provider": "jira"], 400, "provider"),
            (try #require(third.object["id"] as? Int), ["folder_id": empty], 400, "folder_id"), (999999, ["name": "x"], 404, nil),
        ]
        for (id, body, status, field) in updateRefusals {
            let refused = try await api.call(.put, "/api/connections/\(id)", json: body)
            #expect(refused.status == status && (field.map { (refused.object["errors"] as? [String: Any])?[$0] != nil } ?? true), "\(id) \(body): \(refused.text)")
        }
    }

    /// The connection the recipe's steps of `provider` use, as the recipe list shows it.
    static func account(_ api: APIClient, recipe: Int, provider: String) async throws -> Int? {
        let listed = try await api.call(.get, "/api/recipes").object["items"] as? [[String: Any]] ?? []
        let config = listed.first { $0["id"] as? Int == recipe }?["config"] as? [[String: Any]] ?? []
        return config.first { $0["provider"] as? String == provider }?["account_id"] as? Int
    }
}
