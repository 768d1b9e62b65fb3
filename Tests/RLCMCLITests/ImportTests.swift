import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// `rlcm import` and `rlcm history` on real workspaces, real zips and real `rlcm` processes.
@Suite("Import") struct ImportTests {
    static let newOrder = "Order Sync/orders/new_order_to_fulfilment.recipe.json"
    static let getStatus = "Order Sync/api/get_order_status.recipe.json"

    /// Every entry of the fixture must land in the project: recipes with only the provider key
    /// changed, other non-connection assets byte for byte, connections as placeholders when they
    /// were missing; and no connector file lands in the tree.
    func expectImportedExactly(_ scratch: ImportScratch, key: String) {
        for relative in files(below: OrderSync.folder) {
            let incoming = readAll(OrderSync.folder + "/" + relative)
            let landed = "Order Sync/" + relative
            if relative.contains(".custom_adapter.") {
                #expect(!FileManager.default.fileExists(atPath: scratch.root + "/" + landed), "connector files go to the store, not the tree: \(landed)")
            } else if relative.hasSuffix(".recipe.json") {
                #expect(scratch.read(landed) == replacing(OrderSync.packageKey, with: key, in: incoming),
                        "\(landed) must differ from the package entry only by the provider key")
                #expect(!String(decoding: scratch.read(landed), as: UTF8.self).contains(OrderSync.packageKey))
            } else if !relative.hasSuffix(".connection.json") {
                #expect(scratch.read(landed) == incoming, "\(landed) must be byte-identical to the package entry")
            }
        }
    }

    @Test("a new connector is created at version 1, a second import adds version 2; recipes change only by the key")
    func connectorVersionsAndKeys() throws {
        let scratch = try ImportScratch()
        let zip = try scratch.fixtureZip()
        let packageSHA = sha256(ofFile: zip)
        let first = try scratch.rlcm(["import", zip, "--into", "Order Sync", "--json"])
        #expect(first.status == 0, "\(first.stderr)")

        var show = try scratch.connector("Acme ERP")
        let key = try #require(show["provider_key"] as? String)
        #expect(key != OrderSync.packageKey)
        #expect(show["latest_version"] as? Int == 1)
        #expect(show["released_version"] as? Int == 1)
        #expect(show["logo_file_name"] as? String == "acme_erp.png")
        #expect(show["description"] as? String == "Orders and invoices in Acme ERP. Support: erp-integrations@example.com")
        var versions = try #require(show["versions"] as? [[String: Any]])
        #expect(versions.count == 1)
        #expect(versions[0]["note"] as? String == "Adds the get_invoice action; new_order polls every 5 minutes")
        #expect(versions[0]["released"] as? Bool == true)
        var source = try #require(versions[0]["source"] as? [String: Any])
        #expect(source["package_sha256"] as? String == packageSHA)
        #expect(source["version_no"] as? Int == 3)
        // The store keeps the package's code and logo byte for byte.
        let store = scratch.root + "/.rlcm/connectors"
        let ids = try FileManager.default.contentsOfDirectory(atPath: store)
        #expect(ids.count == 1)
        let folder = store + "/" + ids[0]
        #expect(readAll(folder + "/logo") == readAll(OrderSync.folder + "/acme_erp.custom_adapter.png"))
        #expect(readAll(folder + "/v1.rb") == readAll(OrderSync.folder + "/acme_erp.custom_adapter.rb"))
        expectImportedExactly(scratch, key: key)

        let second = try scratch.rlcm(["import", zip, "--into", "Order Sync", "--json"])
        #expect(second.status == 0, "\(second.stderr)")
        show = try scratch.connector("Acme ERP")
        #expect(show["provider_key"] as? String == key, "the key belongs to the connector, not to a version")
        #expect(show["latest_version"] as? Int == 2)
        #expect(show["released_version"] as? Int == 2)
        versions = try #require(show["versions"] as? [[String: Any]])
        #expect(versions.map { $0["version_no"] as? Int } == [1, 2])
        #expect(versions[1]["note"] as? String == "Adds the get_invoice action; new_order polls every 5 minutes")
        source = try #require(versions[1]["source"] as? [String: Any])
        #expect(source["package_sha256"] as? String == packageSHA)
        #expect(source["version_no"] as? Int == 3)
        #expect(readAll(folder + "/v2.rb") == readAll(OrderSync.folder + "/acme_erp.custom_adapter.rb"))
        expectImportedExactly(scratch, key: key)
        // Nothing but the connector changed on the second import: the report says so.
        let result = try jsonObject(second.stdout)
        let assets = try #require((result["plan"] as? [String: Any])?["assets"] as? [[String: Any]])
        #expect(assets.allSatisfy { ["unchanged", "keep"].contains($0["action"] as? String) }, "\(assets)")
    }

    @Test("connections: existing kept with their credentials, missing ones become placeholders; properties added or kept; unknown types as they come")
    func connectionsPropertiesAndUnknownTypes() throws {
        let scratch = try ImportScratch()
        let credentials = """
        {
          "name": "Acme ERP (production)",
          "provider": { "folder": "", "name": "Acme ERP", "zip_name": "acme_erp.custom_adapter.json" },
          "root_folder": false,
          "credentials": { "subdomain": "acme", "api_key": "s3cret" }
        }

        """
        try scratch.write("Order Sync/connections/acme_erp_production.connection.json", credentials)
        let keptProperty = "{\n  \"name\": \"erp_base_url\",\n  \"value\": \"https://acme.acme-erp.example\"\n}\n"
        try scratch.write("Order Sync/properties/erp_base_url.account_property.json", keptProperty)

        let package = try scratch.fixtureCopy("pkg")
        let properties = package + "/properties"
        try FileManager.default.createDirectory(atPath: properties, withIntermediateDirectories: true)
        try "{\n  \"name\": \"erp_base_url\",\n  \"value\": \"https://staging.acme-erp.example\"\n}\n"
            .write(toFile: properties + "/erp_base_url.account_property.json", atomically: false, encoding: .utf8)
        let newProperty = "{\n  \"value\": \"eu\",\n  \"name\": \"region\"\n}\n"
        try newProperty.write(toFile: properties + "/region.project_property.json", atomically: false, encoding: .utf8)
        // A type rlcm does not know, oddly formatted, mentioning the package key: written as it comes.
        let unknown = "{\"widgets\":[1,2.50,{\"provider\":\"\(OrderSync.packageKey)\"}],\n\t\"name\" : \"Order board\"}"
        try FileManager.default.createDirectory(atPath: package + "/apps", withIntermediateDirectories: true)
        try unknown.write(toFile: package + "/apps/order_board.future_widget.json", atomically: false, encoding: .utf8)
        let zip = try scratch.zip(package, to: "pkg.zip")

        let result = try scratch.rlcm(["import", zip, "--into", "Order Sync", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(String(decoding: scratch.read("Order Sync/connections/acme_erp_production.connection.json"), as: UTF8.self) == credentials,
                "an existing connection keeps its credentials")
        // The placeholder is the package's connection file, byte for byte: it carries no credentials.
        #expect(scratch.read("Order Sync/connections/ops_slack.connection.json") == readAll(package + "/connections/ops_slack.connection.json"))
        #expect(String(decoding: scratch.read("Order Sync/properties/erp_base_url.account_property.json"), as: UTF8.self) == keptProperty)
        #expect(String(decoding: scratch.read("Order Sync/properties/region.project_property.json"), as: UTF8.self) == newProperty)
        #expect(String(decoding: scratch.read("Order Sync/apps/order_board.future_widget.json"), as: UTF8.self) == unknown)

        let plan = try #require(try jsonObject(result.stdout)["plan"] as? [String: Any])
        let actions = Dictionary(uniqueKeysWithValues: try #require(plan["assets"] as? [[String: Any]]).map { ($0["path"] as! String, $0["action"] as! String) })
        #expect(actions["Order Sync/connections/acme_erp_production.connection.json"] == "keep")
        #expect(actions["Order Sync/connections/ops_slack.connection.json"] == "create")
        #expect(actions["Order Sync/properties/erp_base_url.account_property.json"] == "keep")
        #expect(actions["Order Sync/properties/region.project_property.json"] == "create")
        #expect(actions["Order Sync/apps/order_board.future_widget.json"] == "create")
    }

    /// A workspace holding the imported fixture, and a package whose two Acme recipes changed.
    func changedPackage(_ scratch: ImportScratch, extra: ((String) throws -> Void)? = nil) throws -> String {
        let package = try scratch.fixtureCopy("changed")
        try edit(package + "/orders/new_order_to_fulfilment.recipe.json") { $0.replacingOccurrences(of: "\"version\": 7", with: "\"version\": 8") }
        try edit(package + "/api/get_order_status.recipe.json") { $0.replacingOccurrences(of: "\"concurrency\": 5", with: "\"concurrency\": 6") }
        try extra?(package)
        return try scratch.zip(package, to: "changed.zip")
    }

    @Test("a running recipe the import would overwrite blocks it and nothing changes; --restart-recipes restarts it")
    func runningRecipeBlocks() throws {
        let scratch = try ImportScratch()
        try scratch.importFixture()
        try scratch.rlcm(["recipe", "start", Self.newOrder]).check()
        let zip = try changedPackage(scratch)

        let before = scratch.digest()
        let blocked = try scratch.rlcm(["import", zip, "--into", "Order Sync"])
        #expect(blocked.status != 0)
        #expect(blocked.stderr.contains(Self.newOrder), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("running"))
        #expect(digestDifference(before, scratch.digest()) == [], "a blocked import writes nothing, .rlcm included")

        let restarted = try scratch.rlcm(["import", zip, "--into", "Order Sync", "--restart-recipes"])
        #expect(restarted.status == 0, "\(restarted.stderr)")
        #expect(restarted.stdout.contains("Restarted \(Self.newOrder): stopped, updated and started again."), "\(restarted.stdout)")
        #expect(String(decoding: scratch.read(Self.newOrder), as: UTF8.self).contains("\"version\": 8"))
        let list = try jsonObject(try scratch.rlcm(["recipe", "list", "--json"]).check().stdout)
        let recipes = try #require(list["recipes"] as? [[String: Any]])
        let running = recipes.filter { $0["running"] as? Bool == true }.compactMap { $0["path"] as? String }
        #expect(running == [Self.newOrder], "the restarted recipe runs again, and only it")
        let history = try jsonObject(try scratch.rlcm(["history", "--json"]).check().stdout)
        let imports = try #require(history["imports"] as? [[String: Any]])
        #expect(imports.last?["restarted_recipes"] as? [String] == [Self.newOrder])
    }

    @Test("a commit that fails after N renames rolls back to the exact tree", arguments: [0, 1, 2, 4, 5])
    func failurePartWayRollsBack(after renames: Int) throws {
        let scratch = try ImportScratch()
        try scratch.importFixture()
        try scratch.rlcm(["recipe", "start", Self.newOrder]).check()
        let zip = try changedPackage(scratch) { package in
            try FileManager.default.createDirectory(atPath: package + "/reports", withIntermediateDirectories: true)
            try "{\n  \"name\": \"weekly\"\n}\n".write(toFile: package + "/reports/weekly.report.json", atomically: false, encoding: .utf8)
        }
        let before = scratch.digest()
        let failed = try scratch.rlcm(["import", zip, "--into", "Order Sync", "--restart-recipes"],
                                      environment: ["RLCM_FAIL_AFTER_RENAMES": String(renames)])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("forced failure"), "\(failed.stderr)")
        #expect(digestDifference(before, scratch.digest()) == [], "after a failure part-way the workspace is exactly as before")
        // And the workspace is usable: the same import goes through afterwards.
        try scratch.rlcm(["import", zip, "--into", "Order Sync", "--restart-recipes"]).check()
        #expect(try scratch.connector("Acme ERP")["latest_version"] as? Int == 2)
    }

    @Test("a first import that fails part-way leaves an empty workspace empty", arguments: [0, 3, 9])
    func failurePartWayFirstImport(after renames: Int) throws {
        let scratch = try ImportScratch()
        let zip = try scratch.fixtureZip()
        let before = scratch.digest()
        let failed = try scratch.rlcm(["import", zip, "--into", "Order Sync"], environment: ["RLCM_FAIL_AFTER_RENAMES": String(renames)])
        #expect(failed.status != 0)
        #expect(digestDifference(before, scratch.digest()) == [])
    }

    @Test("a blocked import reports every problem: two running recipes and an untied provider key")
    func blockedReportsAllProblems() throws {
        let scratch = try ImportScratch()
        try scratch.importFixture()
        try scratch.rlcm(["recipe", "start", Self.newOrder]).check()
        try scratch.rlcm(["recipe", "start", Self.getStatus]).check()
        let zip = try changedPackage(scratch) { package in
            let legacy = """
            {
              "name": "Legacy sync",
              "version": 1,
              "private": true,
              "concurrency": 1,
              "code": {
                "number": 0,
                "provider": "foo_connector_1_2",
                "name": "new_thing",
                "as": "0f0f0f0f",
                "keyword": "trigger",
                "input": {},
                "uuid": "00003000-0000-4000-8000-000000000000",
                "block": []
              },
              "config": [
                { "keyword": "application", "provider": "foo_connector_1_2", "skip_validation": false, "account_id": null }
              ]
            }

            """
            try legacy.write(toFile: package + "/orders/legacy_sync.recipe.json", atomically: false, encoding: .utf8)
        }
        let before = scratch.digest()
        // With --strict the untied key is a problem too; without, a warning, and the running recipes still block.
        let blocked = try scratch.rlcm(["import", zip, "--into", "Order Sync", "--strict"])
        #expect(blocked.status != 0)
        #expect(blocked.stderr.contains(Self.newOrder), "\(blocked.stderr)")
        #expect(blocked.stderr.contains(Self.getStatus), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("foo_connector_1_2"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("orders/legacy_sync.recipe.json"), "\(blocked.stderr)")
        #expect(blocked.stderr.components(separatedBy: "\n  - ").count - 1 == 3, "exactly three problems: \(blocked.stderr)")
        let lenient = try scratch.rlcm(["import", zip, "--into", "Order Sync"])
        #expect(lenient.status != 0)
        #expect(lenient.stderr.components(separatedBy: "\n  - ").count - 1 == 2, "exactly two problems: \(lenient.stderr)")
        #expect(!lenient.stderr.contains("foo_connector_1_2"), "\(lenient.stderr)")
        #expect(digestDifference(before, scratch.digest()) == [])
    }

    @Test("history lists every import with its id, time, package, counts and connector versions")
    func historyListsImports() throws {
        let scratch = try ImportScratch()
        #expect(try scratch.rlcm(["history", "--json"]).check().stdout.contains("\"imports\""))
        let zip = try scratch.fixtureZip()
        let changed = try changedPackage(scratch)
        // The same package twice within a second, then a changed one: three records, in order.
        var ids: [String] = []
        for package in [zip, zip, changed] {
            let result = try jsonObject(try scratch.rlcm(["import", package, "--into", "Order Sync", "--json"]).check().stdout)
            ids.append(try #require(result["id"] as? String))
        }

        let history = try jsonObject(try scratch.rlcm(["history", "--json"]).check().stdout)
        #expect(history["format_version"] as? Int == 1)
        let imports = try #require(history["imports"] as? [[String: Any]])
        try #require(imports.count == 3, "one record per import: \(imports.map { $0["id"] ?? "" })")
        #expect(imports.map { $0["id"] as? String } == ids)
        #expect(Set(ids).count == 3, "ids are unique")
        #expect(imports.map { $0["package_sha256"] as? String } == [sha256(ofFile: zip), sha256(ofFile: zip), sha256(ofFile: changed)])
        for record in imports {
            let time = try #require(record["time"] as? String)
            #expect(ISO8601DateFormatter().date(from: time) != nil, "time is ISO 8601: \(time)")
            #expect(record["project"] as? String == "Order Sync")
            #expect(record["package"] as? String != nil)
        }
        let summaries = imports.compactMap { $0["summary"] as? [String: Any] }
        #expect(summaries.map { $0["create"] as? Int } == [7, 0, 0])
        #expect(summaries.map { $0["update"] as? Int } == [0, 0, 2])
        #expect(summaries.map { $0["unchanged"] as? Int } == [0, 5, 3])
        #expect(summaries.map { $0["keep"] as? Int } == [0, 2, 2])
        let versions = imports.map { ($0["connector_versions"] as? [[String: Any]]) ?? [] }
        #expect(versions.map { $0.map { $0["connector"] as? String } } == [["Acme ERP"], ["Acme ERP"], ["Acme ERP"]])
        #expect(versions.map { $0.map { $0["version_no"] as? Int } } == [[1], [2], [3]])
        #expect(versions.map { $0.map { $0["package_version_no"] as? Int } } == [[3], [3], [3]])

        let text = try scratch.rlcm(["history"]).check().stdout
        for record in imports { #expect(text.contains(record["id"] as! String)) }
        #expect(text.contains("Acme ERP v3"))
    }

    @Test("import --json validates against Schemas/import-result.schema.json")
    func importJSONMatchesSchema() throws {
        let scratch = try ImportScratch()
        let result = try scratch.rlcm(["import", try scratch.fixtureZip(), "--into", "Order Sync", "--json"]).check()
        #expect(try SchemaValidator.errors(validating: Data(result.stdout.utf8), against: "import-result") == [])
    }

    @Test("An empty package, or one of loose files, is not an import: inspect says so, plan and import exit 1 and record nothing")
    func emptyPackageIsNotAnImport() throws {
        let dir = TempDir()
        let root = dir.file("prod")
        try CLI.run(["init", root, "--environment", "production"]).check()
        for (name, files) in [("empty", [String]()), ("loose", ["README.md"])] {
            let folder = dir.file(name), zip = dir.file("\(name).zip")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for file in files { try "hello\n".write(toFile: folder + "/" + file, atomically: true, encoding: .utf8) }
            if files.isEmpty {
                // Info-ZIP will not write an empty archive: the end of central directory record alone is one.
                writeBytes([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18), to: zip)
            } else {
                #expect(try runTool("zip", ["-qr", zip, "."], in: folder).status == 0)
            }
            let inspect = try CLI.run(["inspect", zip]).check()
            #expect(inspect.stdout.contains("there is nothing to import"), "\(inspect.stdout)")
            let before = treeDigest(root)
            for command in [["plan", zip, "--into", "P", "-C", root], ["import", zip, "--into", "P", "-C", root]] {
                let result = try CLI.run(command)
                #expect(result.status == 1 && result.stderr.contains("holds no"), "\(command[0]) \(name): \(result.stderr)")
            }
            #expect(treeDigest(root).filter { $0.key != ".rlcm/lock" } == before.filter { $0.key != ".rlcm/lock" })
        }
        #expect(try CLI.run(["history", "-C", root]).check().stdout.contains("No imports yet."))
    }
}
