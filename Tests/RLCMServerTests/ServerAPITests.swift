import Foundation
import Hummingbird
import RLCMKitTestSupport
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit
@testable import RLCMServer

/// Every endpoint of the contract, called on a copy of the order-sync sandbox: what each answers
/// means what the workspace holds, and every answer validates against
/// `Schemas/workato-api.openapi.yaml` (the document's every operation is exercised).
@Suite("rlcm serve: the endpoints, bound to the OpenAPI document", .serialized)
struct ServerAPITests {
    @Test("Every endpoint answers what the workspace holds, in the shapes the contract gives")
    func everyEndpoint() async throws {
        let sandbox = try ServedSandbox()
        try await sandbox.withClient { api in
            let project = try await Self.workspaceEndpoints(api)
            let recipes = try await Self.recipeAndConnectionEndpoints(api, project: project)
            try await Self.manifestAndPackageEndpoints(api, sandbox: sandbox, project: project, recipes: recipes)
            try await Self.historyEndpoints(api, sandbox: sandbox, project: project)
            try await Self.connectorEndpoints(api)
            try await Self.propertyEndpoints(api, sandbox: sandbox, project: project)
            try await Self.lifecycleEndpoints(api, sandbox: sandbox, project: project, recipes: recipes)
            try await Self.errorAnswers(api)
        }
        let verdict = try sandbox.recorder.validate()
        #expect(verdict.problems.isEmpty, "\(verdict.problems.joined(separator: "\n"))")
        let missing = Set(verdict.operations).subtracting(verdict.covered)
        #expect(missing.isEmpty, "operations no test called: \(missing.sorted())")
    }

    @Test("An import into a subfolder lands the package's root in that folder")
    func importIntoSubfolder() async throws {
        let sandbox = try ServedSandbox()
        let package = sandbox.dir.write("sub.zip", HostileZip([HostileEntry("sub.recipe.json", Array(#"{"name": "Sub", "code": {"keyword": "trigger", "provider": "clock", "name": "tick"}, "config": []}"#.utf8))]).bytes())
        try await sandbox.withClient { api in
            let folders = try await api.call(.get, "/api/folders?parent_id=2").array
            let orders = try #require(folders.first { $0["name"] as? String == "orders" }?["id"] as? Int)
            let job = try await api.call(.post, "/api/packages/import/\(orders)", bytes: readAll(package), contentType: "application/zip")
            let done = try await api.finished(job: try #require(job.object["id"] as? Int))
            #expect(done["status"] as? String == "completed", "\(done)")
            let listed = try await api.call(.get, "/api/recipes?folder_id=\(orders)").object["items"] as? [[String: Any]] ?? []
            #expect(listed.first { $0["name"] as? String == "Sub" }?["folder_id"] as? Int == orders)
            #expect(try await api.call(.post, "/api/packages/import/1", bytes: readAll(package)).status == 400, "the root folder takes no import")
        }
        #expect(FileSystem.isRegularFile(sandbox.root + "/Order Sync/orders/sub.recipe.json"))
        #expect(try sandbox.recorder.validate().problems.isEmpty)
    }

    /// users/me, projects and folders; returns the project's folder id.
    static func workspaceEndpoints(_ api: APIClient) async throws -> Int {
        let me = try await api.call(.get, "/api/users/me")
        #expect(me.status == 200 && me.object["recipes_count"] as? Int == 3 && me.object["company_name"] is NSNull)
        let projects = try await api.call(.get, "/api/projects?page=1&per_page=100").array
        let project = try #require(projects.first { $0["name"] as? String == "Order Sync" })
        let folderId = try #require(project["folder_id"] as? Int)
        // Optional and not nullable in the platform's description: left out, never null.
        #expect(project["id"] as? Int == folderId && !project.keys.contains("description"))
        let root = try await api.call(.get, "/api/folders").array
        #expect(root.map { $0["name"] as? String } == ["Order Sync"])
        let children = try await api.call(.get, "/api/folders?parent_id=\(folderId)&page=1&per_page=100").array
        #expect(Set(children.compactMap { $0["name"] as? String }) == ["api", "connections", "orders"])
        #expect(children.allSatisfy { $0["project_id"] as? Int == folderId && $0["is_project"] as? Bool == false })
        let created = try await api.call(.post, "/api/folders", json: ["name": "Billing"])
        #expect(created.status == 200 && created.object["is_project"] as? Bool == true && created.object["parent_id"] as? Int != nil)
        let newId = try #require(created.object["id"] as? Int)
        #expect(try await api.call(.get, "/api/projects").array.contains { $0["folder_id"] as? Int == newId })
        let sub = try await api.call(.post, "/api/folders", json: ["name": "invoices", "parent_id": String(newId)])
        #expect(sub.status == 200 && sub.object["parent_id"] as? Int == newId && sub.object["project_id"] as? Int == newId)
        #expect(try await api.call(.post, "/api/folders", json: ["name": "Billing"]).status == 400)
        // Ids are stable: asking again gives the same ones.
        #expect(try await api.call(.get, "/api/projects").array.first { $0["name"] as? String == "Order Sync" }?["id"] as? Int == folderId)
        return folderId
    }

    /// recipes (with filters), start/stop and connections; returns the recipes by name.
    static func recipeAndConnectionEndpoints(_ api: APIClient, project: Int) async throws -> [String: Int] {
        let connections = try await api.call(.get, "/api/connections?include_runtime_connections=false").array
        let connectionIds = Dictionary(uniqueKeysWithValues: connections.map { ($0["name"] as! String, $0["id"] as! Int) })
        #expect(Set(connectionIds.keys) == ["Acme ERP (production)", "Ops Slack"])
        #expect(connections.first { $0["name"] as? String == "Ops Slack" }?["application"] as? String == "slack")
        let listed = try await api.call(.get, "/api/recipes?folder_id=\(project)&page=1&per_page=100&running=false").object["items"] as? [[String: Any]] ?? []
        let ids = listed.compactMap { $0["id"] as? Int }
        #expect(listed.count == 3 && ids == ids.sorted(by: >))
        let recipes = Dictionary(uniqueKeysWithValues: listed.map { ($0["name"] as! String, $0["id"] as! Int) })
        let fulfilment = try #require(listed.first { $0["name"] as? String == "New order to fulfilment" })
        let config = fulfilment["config"] as? [[String: Any]] ?? []
        #expect(config.first?["account_id"] as? Int == connectionIds["Acme ERP (production)"])
        let code = try #require(fulfilment["code"] as? String)
        #expect((try JSONSerialization.jsonObject(with: Data(code.utf8)) as? [String: Any])?["keyword"] as? String == "trigger")
        let paged = try await api.call(.get, "/api/recipes?per_page=2&page=2").object["items"] as? [[String: Any]] ?? []
        #expect(paged.count == 1)
        let id = try #require(recipes["Notify ops channel"])
        #expect(try await api.call(.put, "/api/recipes/\(id)/start").object["success"] as? Bool == true)
        let running = try await api.call(.get, "/api/recipes?running=true&exclude_code=true").object["items"] as? [[String: Any]] ?? []
        #expect(running.map { $0["id"] as? Int } == [id])
        #expect(try await api.call(.put, "/api/recipes/\(id)/stop").object["success"] as? Bool == true)
        return recipes
    }

    static func manifestAndPackageEndpoints(_ api: APIClient, sandbox: ServedSandbox, project: Int, recipes: [String: Int]) async throws {
        let assets = try await api.call(.get, "/api/export_manifests/folder_assets?folder_id=\(project)").object
        let listed = (assets["result"] as? [String: Any])?["assets"] as? [[String: Any]] ?? []
        #expect(Set(listed.compactMap { $0["type"] as? String }) == ["recipe", "connection", "custom_adapter", "api_group", "api_endpoint"])
        #expect(listed.first { $0["name"] as? String == "Notify ops channel" }?["id"] as? Int == recipes["Notify ops channel"])
        // A version is optional and not nullable: assets without one leave it out.
        #expect(listed.filter { $0["type"] as? String == "connection" }.allSatisfy { !$0.keys.contains("version") })
        let body: [String: Any] = ["export_manifest": ["name": "Order Sync", "folder_id": project, "include_test_cases": false,
                                                       "auto_generate_assets": true, "include_data": false, "include_tags": false]]
        let manifest = try await api.call(.post, "/api/export_manifests", json: body)
        #expect(manifest.status == 201)
        let manifestId = try #require((manifest.object["result"] as? [String: Any])?["id"] as? Int)
        let zip = try await exported(api, manifest: manifestId)
        // The download is `rlcm export` of the project, byte for byte.
        let local = sandbox.dir.file("local.zip")
        try CLI.run(["export", "Order Sync", "-o", local, "-C", sandbox.root]).check()
        #expect(zip == readAll(local))

        // A manifest that checks one recipe exports that recipe without the others.
        let one: [String: Any] = ["export_manifest": ["name": "one", "folder_id": project,
                                                      "assets": [["id": recipes["Notify ops channel"]!, "type": "recipe", "checked": true]]]]
        #expect(try await api.call(.put, "/api/export_manifests/\(manifestId)", json: one).status == 200)
        #expect(try await api.call(.get, "/api/export_manifests/\(manifestId)").object["result"] != nil)
        let narrowed = sandbox.dir.write("narrowed.zip", try await exported(api, manifest: manifestId))
        let names = try ZipReader(path: narrowed).files.map(\.path)
        #expect(names.contains("orders/notify_ops_channel.recipe.json") && !names.contains("orders/new_order_to_fulfilment.recipe.json"))
        let deleted = try await api.call(.delete, "/api/export_manifests/\(manifestId)")
        #expect((deleted.object["result"] as? [String: Any])?["deleted_at"] is String)
        #expect(try await api.call(.get, "/api/export_manifests/\(manifestId)").status == 404)

        // Importing the export back: every recipe unchanged, recorded in history.
        let job = try await api.call(.post, "/api/packages/import/\(project)?restart_recipes=false&include_tags=true", bytes: zip)
        #expect(job.status == 200 && job.object["status"] as? String == "in_progress")
        let done = try await api.finished(job: try #require(job.object["id"] as? Int))
        #expect(done["status"] as? String == "completed", "\(done)")
        // An import has no manifest and, completed, no error: both keys are left out, never null.
        #expect(!done.keys.contains("export_manifest_id") && !done.keys.contains("error"), "\(done)")
        let statuses = done["recipe_status"] as? [[String: Any]] ?? []
        #expect(Set(statuses.compactMap { $0["id"] as? Int }) == Set(recipes.values))
        #expect(statuses.allSatisfy { $0["import_result"] as? String == "no_update_or_updated_without_restart" })
        #expect(try Workspace(root: sandbox.root).locked(command: "test", environment: .testing(in: sandbox.dir.path)) { try $0.history() }.imports.count == 1)
    }

    /// Creates an export job for the manifest, waits for it and downloads the zip.
    static func exported(_ api: APIClient, manifest: Int) async throws -> [UInt8] {
        let job = try await api.call(.post, "/api/packages/export/\(manifest)")
        // The official client's export answer makes download_url optional, not nullable: left out until there is one.
        #expect(job.object["export_manifest_id"] as? Int == manifest && !job.object.keys.contains("download_url"))
        let id = try #require(job.object["id"] as? Int)
        let done = try await api.finished(job: id)
        #expect(done["status"] as? String == "completed", "\(done)")
        #expect((done["download_url"] as? String)?.hasSuffix("/api/packages/\(id)/download") == true)
        let download = try await api.call(.get, "/api/packages/\(id)/download", headers: [.accept: "application/json"])
        #expect(download.status == 200 && download.headers[.contentType] == "application/zip")
        return download.body
    }

    /// deployments and rlcm/drift. After the import above, a rollback of it and a rollback of
    /// that rollback, both through the library, leave the workspace as the import left it; the
    /// three are listed as deployments, newest first.
    static func historyEndpoints(_ api: APIClient, sandbox: ServedSandbox, project: Int) async throws {
        let workspace = try Workspace(root: sandbox.root)
        func session<T>(_ body: (WorkspaceSession) throws -> T) throws -> T {
            try workspace.locked(command: "test", environment: sandbox.environment, body)
        }
        let imported = try #require(try session { try $0.history() }.imports.last?.record)
        let rollback = try session { try $0.rollback(RollbackOptions(id: imported.id)) }
        let again = try session { try $0.rollback(RollbackOptions(id: rollback.id)) }
        let records = try session { try $0.history() }.imports.map(\.record)
        #expect(records.map(\.id) == [imported.id, rollback.id, again.id])

        let items = try await api.call(.get, "/api/deployments").object["items"] as? [[String: Any]] ?? []
        #expect(items.map { $0["id"] as? Int } == [3, 2, 1])
        #expect(items.map { $0["description"] as? String } == [
            "Rollback \(again.id): undid rollback \(rollback.id) (\((imported.package as NSString).lastPathComponent) into 'Order Sync')",
            "Rollback \(rollback.id): undid import \(imported.id) (\((imported.package as NSString).lastPathComponent) into 'Order Sync')",
            "Import \(imported.id): \((imported.package as NSString).lastPathComponent) into 'Order Sync'",
        ])
        #expect(items.map { $0["created_at"] as? String } == records.reversed().map(\.time))
        #expect(items.allSatisfy {
            $0["project_id"] as? String == String(project) && $0["environment_type"] as? String == "test" && $0["state"] as? String == "success"
                && $0["project_build_id"] is NSNull && $0["updated_at"] as? String == $0["created_at"] as? String
        }, "\(items)")
        #expect((items[2]["performed_by_name"] as? String)?.hasPrefix("rlcm serve job ") == true, "the import ran as a package job")
        #expect(items.prefix(2).allSatisfy { $0["performed_by_name"] as? String == "rlcm" })

        let one = try await api.call(.get, "/api/deployments/2")
        #expect(one.status == 200 && NSDictionary(dictionary: one.object) == NSDictionary(dictionary: items[1]))
        let unknown = try await api.call(.get, "/api/deployments/4")
        #expect(unknown.status == 404 && unknown.object["message"] as? String == "Not found")

        let (past, future) = ("2000-01-01T00:00:00Z", "2999-01-01T00:00:00Z")
        let filtered: [(String, [Int])] = [
            ("project_id=\(project)", [3, 2, 1]), ("project_id=999999", []), ("folder_id=f\(project)", [3, 2, 1]), ("folder_id=\(project)", [3, 2, 1]),
            ("folder_id=f999999", []), ("project_id=\(project)&folder_id=f999999", []), ("environment_type=test", [3, 2, 1]),
            ("environment_type=prod", []), ("state=success", [3, 2, 1]), ("state=pending", []), ("state=failed", []),
            ("from=\(past)&to=\(future)", [3, 2, 1]), ("from=\(future)", []), ("to=\(past)", []), ("from=\(records[0].time)", [3, 2, 1]),
            ("to=\(records[2].time)", [3, 2, 1]), ("per_page=2", [3, 2]), ("per_page=2&page=2", [1]), ("page=3&per_page=2", []),
        ]
        for (query, ids) in filtered {
            let answer = try await api.call(.get, "/api/deployments?\(query)")
            #expect(answer.status == 200 && (answer.object["items"] as? [[String: Any]] ?? []).map { $0["id"] as? Int } == ids, "\(query): \(answer.text)")
        }
        for query in ["state=done", "environment_type=production", "folder_id=x12", "project_id=two", "from=2026-11-23", "to=yesterday", "per_page=101"] {
            let refused = try await api.call(.get, "/api/deployments?\(query)")
            #expect(refused.status == 400 && refused.object["errors"] != nil, "\(query): \(refused.text)")
        }

        // Drift: none right after the rollbacks; a hand edit is found, and the answer is the library's report.
        let clean = try await api.call(.get, "/api/rlcm/drift")
        #expect(clean.status == 200 && clean.object["drifted"] as? Bool == false)
        #expect((clean.object["projects"] as? [[String: Any]])?.map { $0["since"] as? String } == [again.id])
        let edited = sandbox.root + "/Order Sync/orders/notify_ops_channel.recipe.json"
        let original = readAll(edited)
        try Data(original + Array("\n".utf8)).write(to: URL(fileURLWithPath: edited))
        let drifted = try await api.call(.get, "/api/rlcm/drift?project=Order%20Sync")
        let report = try JSONDecoder().decode(DriftReport.self, from: Data(drifted.body))
        #expect(report == (try session { try $0.drift(project: "Order Sync") }))
        #expect(report.drifted && report.projects.first?.files.map(\.path) == ["Order Sync/orders/notify_ops_channel.recipe.json"])
        try Data(original).write(to: URL(fileURLWithPath: edited))
        #expect(try await api.call(.get, "/api/rlcm/drift").object["drifted"] as? Bool == false)
        let never = try await api.call(.get, "/api/rlcm/drift?project=Billing")
        #expect(never.status == 404 && never.object["message"] as? String == "no import has written project 'Billing' (imported projects: Order Sync)")
    }

    /// Account properties in the workspace's root file, a project's in its project file; the
    /// platform's limits refused with 400, changing nothing.
    static func propertyEndpoints(_ api: APIClient, sandbox: ServedSandbox, project: Int) async throws {
        let account = sandbox.root + "/account_properties.properties.json", own = sandbox.root + "/Order Sync/properties.project_properties.json"
        #expect(try await api.call(.get, "/api/properties?prefix=").object.isEmpty)
        let set = try await api.call(.post, "/api/properties", json: ["properties": ["erp.region": "eu-1", "erp.base_url": "https://erp.example"]])
        #expect(set.status == 200 && set.object["success"] as? Bool == true, "\(set.text)")
        #expect(try JSONSerialization.jsonObject(with: Data(readAll(account))) as? [String: String] == ["erp.region": "eu-1", "erp.base_url": "https://erp.example"])
        let setOwn = try await api.call(.post, "/api/properties?project_id=\(project)", json: ["properties": ["ops.channel": "#ops"]])
        #expect(setOwn.status == 200, "\(setOwn.text)")
        #expect(String(decoding: readAll(own), as: UTF8.self) == "{\n  \"data\": {\n    \"ops.channel\": \"#ops\"\n  }\n}\n")

        let listed: [(String, [String: String])] = [
            ("prefix=erp.", ["erp.region": "eu-1", "erp.base_url": "https://erp.example"]), ("prefix=erp.r", ["erp.region": "eu-1"]),
            ("prefix=ops", [:]), ("prefix=ops&project_id=\(project)", ["ops.channel": "#ops"]), ("prefix=erp&project_id=\(project)", [:]),
        ]
        for (query, expected) in listed {
            let answer = try await api.call(.get, "/api/properties?\(query)")
            #expect(answer.status == 200 && answer.json as? [String: String] == expected, "\(query): \(answer.text)")
        }
        let before = (readAll(account), readAll(own))
        let refused: [(String, Any, Int)] = [
            ("/api/properties", ["properties": [String(repeating: "n", count: 101): "x"]], 400),
            ("/api/properties", ["properties": ["erp.region": String(repeating: "v", count: 1025)]], 400),
            ("/api/properties", ["properties": ["erp.region": 5]], 400),
            ("/api/properties", ["values": ["erp.region": "x"]], 400),
            ("/api/properties?project_id=999999", ["properties": ["a": "b"]], 404),
        ]
        for (path, body, status) in refused {
            let answer = try await api.call(.post, path, json: body)
            #expect(answer.status == status, "\(path) \(body): \(answer.text)")
        }
        #expect(try await api.call(.get, "/api/properties").status == 400, "prefix is required")
        #expect(try await api.call(.get, "/api/properties?prefix=&project_id=999999").status == 404)
        #expect((readAll(account), readAll(own)) == before, "a refused upsert changed a property file")
    }

    static func connectorEndpoints(_ api: APIClient) async throws {
        let list = try await api.call(.get, "/api/custom_connectors").object["result"] as? [[String: Any]] ?? []
        let acme = try #require(list.first)
        #expect(list.count == 1 && acme["title"] as? String == "Acme ERP" && acme["latest_released_version"] as? Int == 2, "the import of the export re-released it")
        let code = try await api.call(.get, "/api/custom_connectors/\(acme["id"] as! Int)/code").object
        #expect(((code["data"] as? [String: Any])?["code"] as? String)?.contains("# version 1") == true)
        let created = try await api.call(.post, "/api/custom_connectors", json: ["title": "Parcel Tracker", "code": "{ title: 'Parcel' }", "note": "first"])
        #expect(created.object["latest_version"] as? Int == 1 && created.object["latest_released_version"] is NSNull)
        let id = try #require(created.object["id"] as? Int)
        #expect(try await api.call(.get, "/api/custom_connectors").object["result"].map { ($0 as? [Any])?.count } == 1)
        #expect(try await api.call(.get, "/api/custom_connectors/search?title=Parcel%20Tracker").object["id"] as? Int == id)
        let updated = try await api.call(.put, "/api/custom_connectors/\(id)", json: ["code": "{ title: 'Parcel 2' }", "note": "second"])
        #expect(updated.object["latest_version"] as? Int == 2)
        let released = try await api.call(.post, "/api/custom_connectors/\(id)/release")
        #expect(released.object["latest_released_version"] as? Int == 2)
        let again = try await api.call(.post, "/api/custom_connectors/\(id)/release")
        #expect(again.status == 400 && again.object["message"] as? String == "Connector's released version is already the latest version")
        let share = try await api.call(.post, "/api/custom_connectors/\(id)/share", json: [String: Any]())
        #expect(share.status == 400 && (share.object["message"] as? String)?.isEmpty == false)
        // The other connectors the recipes use, by name.
        let platform = try await api.call(.get, "/api/integrations/all?page=1&per_page=100").object
        let listed = platform["items"] as? [[String: Any]] ?? []
        #expect(listed.map { $0["name"] as? String } == ["slack", "workato_api_platform", "workato_recipe_function"] && platform["count"] as? Int == 3)
        #expect(listed.first?["title"] as? String == "Slack" && listed.allSatisfy { ($0["actions"] as? [Any])?.isEmpty == true && $0["oauth"] as? Bool == false })
        let second = try await api.call(.get, "/api/integrations/all?page=2&per_page=2").object
        #expect((second["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["workato_recipe_function"] && second["count"] as? Int == 3)
    }

    static func errorAnswers(_ api: APIClient) async throws {
        #expect(try await api.call(.get, "/api/packages/999999").status == 404)
        #expect(try await api.call(.get, "/api/recipes/999999/start", unrouted: true).status == 405)
        let wrong = try await api.call(.delete, "/api/recipes", unrouted: true)
        #expect(wrong.status == 405 && wrong.headers[.allow] == "GET")
        #expect(try await api.call(.get, "/api/nothing/here", unrouted: true).status == 404)
        // Out of scope: runtime user connections, pick lists, data tables, API clients and collections.
        for (method, path) in [(HTTPRequest.Method.post, "/api/connections/runtime_user_connections"),
                               (.get, "/api/connections/runtime_user_connections/5/get_oauth_url"), (.post, "/api/connections/5/pick_list"),
                               (.get, "/api/data_tables"), (.post, "/api/data_tables"), (.get, "/api/v2/api_clients"),
                               (.get, "/api/v2/api_clients/1/api_keys"), (.get, "/api/api_collections"), (.get, "/api/api_endpoints")] {
            let answer = try await api.call(method, path, json: method == .post ? [String: Any]() : nil, unrouted: true)
            #expect(answer.status == 404, "\(method) \(path): \(answer.status)")
        }
        let anonymous = APIClient(client: api.client, token: nil, recorder: api.recorder)
        #expect(try await anonymous.call(.get, "/api/users/me").status == 401)
    }
}
