import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// `rlcm plan` and saved plans on real workspaces, real zips and real `rlcm` processes.
@Suite("Plan") struct PlanTests {
    static let newOrder = "Order Sync/orders/new_order_to_fulfilment.recipe.json"
    static let getStatus = "Order Sync/api/get_order_status.recipe.json"
    static let notify = "Order Sync/orders/notify_ops_channel.recipe.json"
    static let billing = "Billing/invoices/fetch_invoice.recipe.json"

    static let getInvoice = """
        get_invoice: {
          title: 'Get invoice',
          input_fields: lambda { [{ name: 'invoice_id', optional: false }] },
          execute: lambda { |_connection, input| get("invoices/#{input['invoice_id']}") }
        },

    """

    /// A package of the fixture whose connector code no longer has `get_invoice`.
    /// The dependency report's usual scene: the fixture imported, a billing recipe that runs
    /// `get_invoice` through its connector, and a package whose new version no longer defines it.
    func billingScene() throws -> (scratch: ImportScratch, key: String, zip: String) {
        let scratch = try ImportScratch()
        let key = try scratch.importFixture()
        try scratch.write(Self.billing, billingRecipe(key: key))
        return (scratch, key, try packageWithoutGetInvoice(scratch))
    }

    func packageWithoutGetInvoice(_ scratch: ImportScratch) throws -> String {
        let package = try scratch.fixtureCopy("no-invoice")
        try edit(package + "/acme_erp.custom_adapter.rb") { $0.replacingOccurrences(of: Self.getInvoice, with: "") }
        try edit(package + "/acme_erp.custom_adapter.json") { $0.replacingOccurrences(of: "\"version_no\": 3", with: "\"version_no\": 4") }
        return try scratch.zip(package, to: "no-invoice.zip")
    }

    func assets(_ plan: [String: Any]) -> [String: [String: Any]] {
        Dictionary(uniqueKeysWithValues: ((plan["assets"] as? [[String: Any]]) ?? []).map { ($0["path"] as! String, $0) })
    }

    /// The rows of the human plan's asset table: path → symbol.
    func symbols(_ text: String) -> [String: String] {
        var rows: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("  ") {
            let fields = line.split(separator: " ", maxSplits: 1)
            guard fields.count == 2, ["+", "~", "=", "!", "-"].contains(String(fields[0])) else { continue }
            let rest = fields[1].trimmingCharacters(in: .whitespaces)
            if let path = rest.components(separatedBy: "  ").first, path.hasSuffix(".json") { rows[path] = String(fields[0]) }
        }
        return rows
    }

    @Test("before a second import, plan lists every recipe using the connector, the running ones, and the one a removed action breaks")
    func dependencyReport() throws {
        let scratch = try ImportScratch()
        let key = try scratch.importFixture()
        try scratch.write(Self.billing, billingRecipe(key: key))
        try scratch.rlcm(["recipe", "start", Self.billing]).check()
        try scratch.rlcm(["recipe", "start", Self.newOrder]).check()
        let zip = try packageWithoutGetInvoice(scratch)

        let before = scratch.digest()
        let result = try scratch.rlcm(["plan", zip, "--into", "Order Sync", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try jsonObject(result.stdout)
        let dependents = try #require(plan["dependents"] as? [[String: Any]])
        let byPath = Dictionary(uniqueKeysWithValues: dependents.map { ($0["path"] as! String, $0) })

        // Every recipe of the target that uses "Acme ERP", as the store itself sees them.
        let users = try #require(try scratch.connector("Acme ERP")["recipes"] as? [[String: Any]]).compactMap { $0["path"] as? String }
        #expect(Set(users) == [Self.newOrder, Self.getStatus, Self.billing])
        #expect(Set(byPath.keys) == Set(users))
        #expect(dependents.allSatisfy { $0["connector"] as? String == "Acme ERP" })

        let billing = try #require(byPath[Self.billing])
        #expect(billing["imported"] as? Bool == false)
        #expect(billing["running"] as? Bool == true)
        #expect(billing["missing_actions"] as? [String] == ["get_invoice"])
        #expect(billing["missing_triggers"] as? [String] == [])
        #expect(byPath[Self.newOrder]?["running"] as? Bool == true)
        #expect(byPath[Self.newOrder]?["imported"] as? Bool == true)
        #expect(byPath[Self.getStatus]?["running"] as? Bool == false)
        for path in [Self.newOrder, Self.getStatus] { #expect(byPath[path]?["missing_actions"] as? [String] == [], "\(path)") }

        let connector = try #require((plan["connectors"] as? [[String: Any]])?.first)
        #expect(connector["action"] as? String == "new_version")
        #expect(connector["released_before"] as? Int == 1)
        #expect(connector["new_version_no"] as? Int == 2)
        #expect(connector["package_version_no"] as? Int == 4)
        #expect(connector["identical_to_released"] as? Bool == false)
        #expect(connector["target_key"] as? String == key)
        let summary = try #require(plan["summary"] as? [String: Any])
        #expect(summary["breaking"] as? Int == 1)
        #expect(summary["running_affected"] as? Int == 2)

        let text = try scratch.rlcm(["plan", zip, "--into", "Order Sync"]).check().stdout
        let billingLine = try #require(text.split(separator: "\n").first { $0.contains(Self.billing) })
        #expect(billingLine.hasPrefix("  ! "), "\(billingLine)")
        #expect(billingLine.contains("running") && billingLine.contains("get_invoice"))
        #expect(text.contains("  ! Acme ERP: new version 2, released (was version 1)"), "\(text)")
        #expect(digestDifference(before, scratch.digest()) == [], "plan writes nothing")
    }

    @Test("the dependency report's usage cache lives outside the workspace and never outlives an edit, even one that keeps the size")
    func usageCacheFollowsEdits() throws {
        let (scratch, _, zip) = try billingScene()
        let cache = scratch.root + "-cache"
        let environment = ["RLCM_CACHE_DIR": cache]
        func billingMissing() throws -> [String]? {
            let plan = try jsonObject(try scratch.rlcm(["plan", zip, "--into", "Order Sync", "--json"], environment: environment).check().stdout)
            let dependents = try #require(plan["dependents"] as? [[String: Any]])
            return dependents.first { $0["path"] as? String == Self.billing }?["missing_actions"] as? [String]
        }
        let before = scratch.digest()
        #expect(try billingMissing() == ["get_invoice"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasSuffix(".tsv") }.count == 1)
        #expect(try billingMissing() == ["get_invoice"], "a cached answer is the same answer")
        #expect(digestDifference(before, scratch.digest()) == [], "the cache is not in the workspace")

        // Same size, new action: the cache must not answer for the old file.
        try edit(scratch.root + "/" + Self.billing) { $0.replacingOccurrences(of: "\"get_invoice\"", with: "\"get_order__\"") }
        #expect(try billingMissing() == ["get_order__"])
        try FileManager.default.removeItem(atPath: scratch.root + "/" + Self.billing)
        #expect(try billingMissing() == nil)
    }

    @Test("a usage cache folder given as a relative one-letter name is made beside the command, and the import succeeds")
    func relativeCacheFolder() throws {
        let scratch = try ImportScratch()
        let imported = try CLI.run(["import", try scratch.fixtureZip(), "--into", "Order Sync", "-C", scratch.root],
                                   in: scratch.path, environment: ["RLCM_CACHE_DIR": "c"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.file("c")).contains { $0.hasSuffix(".tsv") })
    }

    @Test("a target recipe that does not parse fails the plan naming the first in path order, although every core reads them")
    func brokenTargetRecipeIsNamedInOrder() throws {
        let (scratch, key, zip) = try billingScene()
        // Each mentions a custom connector key, so the dependency report parses it; written out of order.
        for path in ["Billing/zz/late.recipe.json", "Reports/broken.recipe.json", "Billing/aa/early.recipe.json"] {
            try scratch.write(path, "{\"name\": \"\(key)\", \"code\": [}")
        }
        let before = scratch.digest()
        for _ in 0..<3 {
            let plan = try scratch.rlcm(["plan", zip, "--into", "Order Sync"], environment: ["RLCM_CACHE_DIR": scratch.root + "-cache"])
            #expect(plan.status == 1, "\(plan.stdout)")
            #expect(plan.stderr.contains("Billing/aa/early.recipe.json") && !plan.stderr.contains("late.recipe.json")
                    && !plan.stderr.contains("Reports/broken"), "\(plan.stderr)")
        }
        #expect(digestDifference(before, scratch.digest()) == [])
    }

    /// The usage cache file of `folder`: its numbered keys and steps, and each recipe's fields.
    struct UsageCacheFile {
        var path: String
        var header: String
        var keys: [String] = []
        /// `keyNumber:keyword:name`
        var steps: [String] = []
        /// path → size, modified, changed, inode, key numbers, step numbers.
        var records: [String: [String]] = [:]

        init(_ folder: String) throws {
            let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tsv") }
            try #require(files.count == 1)
            path = folder + "/" + files[0]
            let lines = String(decoding: readAll(path), as: UTF8.self).split(separator: "\n").map(String.init)
            header = lines[0]
            for line in lines.dropFirst() {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                switch fields[0] {
                case "k": keys.append(fields[1])
                case "s": steps.append(fields[1])
                default: records[fields[1]] = Array(fields.dropFirst(2))
                }
            }
        }

        /// path → the stamp's four fields, the keys (`key,key`) and the steps (`key:keyword:name;...`) spelled out.
        var spelled: [String: [String]] {
            records.mapValues { fields in
                let keyList = fields[4].split(separator: ",").map { keys[Int($0)!] }.joined(separator: ",")
                let stepList = fields[5].split(separator: ",").map { number -> String in
                    let parts = steps[Int(number)!].split(separator: ":", maxSplits: 1)
                    return keys[Int(parts[0])!] + ":" + parts[1]
                }.joined(separator: ";")
                return Array(fields.prefix(4)) + [keyList, stepList]
            }
        }

        func write() throws {
            var text = header + "\n" + keys.map { "k\t\($0)\n" }.joined() + steps.map { "s\t\($0)\n" }.joined()
            // In the order a walk visits the recipes: folder by folder, names byte by byte.
            let walkOrder = records.sorted { $0.key.split(separator: "/").lexicographicallyPrecedes($1.key.split(separator: "/")) { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
            for (path, fields) in walkOrder { text += (["r", path] + fields).joined(separator: "\t") + "\n" }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// The usage cache's recipes: path → stamp fields, keys and steps spelled out.
    func usageCacheLines(_ folder: String) throws -> [String: [String]] { try UsageCacheFile(folder).spelled }

    @Test("an import records in the usage cache what each recipe it wrote uses, at its stamp after the commit; the next plan reports the same as without a cache")
    func importSeedsUsageCache() throws {
        let scratch = try ImportScratch()
        let seeded = scratch.root + "-cache"
        try scratch.rlcm(["import", try scratch.fixtureZip(), "--into", "Order Sync"], environment: ["RLCM_CACHE_DIR": seeded]).check()
        let key = try scratch.connector("Acme ERP")["provider_key"] as! String
        #expect(key != OrderSync.packageKey)

        let lines = try usageCacheLines(seeded)
        let line = try #require(lines[Self.newOrder])
        let stamp = try #require(FileSystem.stamp(scratch.root + "/" + Self.newOrder))
        #expect(Array(line.prefix(4)) == ["\(stamp.size)", "\(stamp.modified)", "\(stamp.changed)", "\(stamp.inode)"])
        #expect(line[4] == key, "the target's key, as rewritten")
        let steps = line[5].split(separator: ";")
        #expect(!steps.isEmpty && steps.allSatisfy { $0.hasPrefix("\(key):") }, "\(line[5])")
        let importedRecipes = lines.keys.filter { $0.hasPrefix("Order Sync/") && $0.hasSuffix(".recipe.json") }
        #expect(Set(importedRecipes) == [Self.newOrder, Self.getStatus, Self.notify])

        // Planning into another project makes the imported recipes dependents: read through the
        // seeded lines, they are reported as a parse reports them.
        let zip = try packageWithoutGetInvoice(scratch)
        let fresh = scratch.root + "-fresh-cache"
        func dependents(_ cache: String) throws -> NSArray? {
            let plan = try jsonObject(try scratch.rlcm(["plan", zip, "--into", "Order Sync 2", "--json"], environment: ["RLCM_CACHE_DIR": cache]).check().stdout)
            return plan["dependents"] as? NSArray
        }
        let fromSeeded = try #require(try dependents(seeded))
        let outside = fromSeeded.compactMap { $0 as? [String: Any] }.filter { $0["imported"] as? Bool == false }.compactMap { $0["path"] as? String }
        #expect(Set(outside) == [Self.newOrder, Self.getStatus])
        #expect(fromSeeded == (try dependents(fresh)))
        let parsed = try usageCacheLines(fresh)
        for path in importedRecipes { #expect(parsed[path] == lines[path], "\(path): a parse finds what the import recorded") }
        #expect(try usageCacheLines(seeded) == parsed)
    }

    @Test("a cached line is trusted while its recipe's stamp matches, and its steps are decoded only when it uses a key asked for")
    func usageCacheDecodesStepsLazily() throws {
        let (scratch, key, zip) = try billingScene()
        let cache = scratch.root + "-cache"
        let environment = ["RLCM_CACHE_DIR": cache]
        let plain = "Billing/plain.recipe.json"
        try scratch.write(plain, #"{"name": "Plain", "code": {"provider": "clock", "keyword": "trigger", "name": "scheduled_event"}}"#)
        func plan() throws -> [String: Any] {
            try jsonObject(try scratch.rlcm(["plan", zip, "--into", "Order Sync", "--json"], environment: environment).check().stdout)
        }
        _ = try plan()
        var file = try UsageCacheFile(cache)
        #expect(file.spelled[plain]?.suffix(2) == ["", ""])
        #expect(file.spelled[Self.billing]?[4] == key)

        // Lines that no parse would give: the billing recipe runs another action, and the plain
        // one names a step that does not exist, which only matters if it used the re-released key.
        file.steps.append("\(try #require(file.keys.firstIndex(of: key))):action:made_up_action")
        file.records[Self.billing]![5] = String(file.steps.count - 1)
        file.records[plain]![5] = "999"
        try file.write()

        let dependents = try #require(try plan()["dependents"] as? [[String: Any]])
        #expect(dependents.first { $0["path"] as? String == Self.billing }?["missing_actions"] as? [String] == ["made_up_action"])
        #expect(try UsageCacheFile(cache).records[plain]?[5] == "999", "kept as read: never decoded")
    }

    @Test("the cache is read forward beside the walk: recipes in folders whose names sort before '/' ('a b', 'a-b', 'a.b' beside 'a') are all answered from it")
    func usageCacheFollowsTheWalk() throws {
        let (scratch, key, zip) = try billingScene()
        let cache = scratch.root + "-cache"
        let environment = ["RLCM_CACHE_DIR": cache]
        let recipe = String(decoding: readAll(scratch.root + "/" + Self.billing), as: UTF8.self)
        let paths = ["Billing/a/r.recipe.json", "Billing/a b/r.recipe.json", "Billing/a-b/r.recipe.json", "Billing/a.b/r.recipe.json", "Billing/a/b c/r.recipe.json"]
        for path in paths { try scratch.write(path, recipe) }
        func plan() throws -> [String: Any] {
            try jsonObject(try scratch.rlcm(["plan", zip, "--into", "Order Sync", "--json"], environment: environment).check().stdout)
        }
        _ = try plan()
        // Each line, left where rlcm wrote it, now names an action no parse would give: a plan
        // that reports it for every recipe found every line.
        let file = try UsageCacheFile(cache)
        var lines = String(decoding: readAll(file.path), as: UTF8.self).split(separator: "\n").map(String.init)
        lines.insert("s\t\(try #require(file.keys.firstIndex(of: key))):action:made_up_action", at: try #require(lines.lastIndex { $0.hasPrefix("s\t") }) + 1)
        for (number, line) in lines.enumerated() where line.hasPrefix("r\t") {
            var fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard (paths + [Self.billing]).contains(fields[1]) else { continue }
            fields[7] = String(file.steps.count)
            lines[number] = fields.joined(separator: "\t")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: file.path, atomically: true, encoding: .utf8)
        let dependents = try #require(try plan()["dependents"] as? [[String: Any]])
        for path in paths + [Self.billing] {
            #expect(dependents.first { $0["path"] as? String == path }?["missing_actions"] as? [String] == ["made_up_action"], "\(path)")
        }
    }

    /// A package without custom connectors: a callable recipe, its Slack connection and an API group.
    func builtInOnlyPackage(_ scratch: ImportScratch, name: String = "builtin") throws -> String {
        let folder = scratch.file(name)
        for relative in ["orders/notify_ops_channel.recipe.json", "connections/ops_slack.connection.json", "api/orders_api.api_group.json"] {
            let target = folder + "/" + relative
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: OrderSync.folder + "/" + relative, toPath: target)
        }
        return folder
    }

    @Test("--detailed-exitcode: 2 with changes, 0 for an imported package without connectors, 1 on a package with problems")
    func detailedExitcode() throws {
        let scratch = try ImportScratch()
        let fixture = try scratch.fixtureZip()
        #expect(try scratch.rlcm(["plan", fixture, "--into", "Order Sync", "--detailed-exitcode"]).status == 2)

        let folder = try builtInOnlyPackage(scratch)
        let zip = try scratch.zip(folder, to: "builtin.zip")
        let fresh = try scratch.rlcm(["plan", zip, "--into", "Notify", "--detailed-exitcode"])
        #expect(fresh.status == 2, "\(fresh.stderr)")
        try scratch.rlcm(["import", zip, "--into", "Notify"]).check()
        let before = scratch.digest()
        let again = try scratch.rlcm(["plan", zip, "--into", "Notify", "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(symbols(again.stdout) == ["Notify/orders/notify_ops_channel.recipe.json": "=", "Notify/api/orders_api.api_group.json": "=",
                                          "Notify/connections/ops_slack.connection.json": "-"], "\(again.stdout)")
        #expect(digestDifference(before, scratch.digest()) == [])

        // Changed since: 2 again.
        try edit(folder + "/orders/notify_ops_channel.recipe.json") { $0.replacingOccurrences(of: "\"#ops\"", with: "\"#ops-alerts\"") }
        let changed = try scratch.zip(folder, to: "builtin-2.zip")
        #expect(try scratch.rlcm(["plan", changed, "--into", "Notify", "--detailed-exitcode"]).status == 2)

        // A package with a custom connector always changes something: a new connector version.
        try scratch.importFixture(fixture)
        #expect(try scratch.rlcm(["plan", fixture, "--into", "Order Sync", "--detailed-exitcode"]).status == 2)

        // The package lost the connection its recipes name: with --strict a problem (1); without,
        // warnings, and the import changes something (2). The key stays tied to the connector by
        // its slug, so it is not among the problems.
        let broken = try scratch.fixtureCopy("broken")
        try FileManager.default.removeItem(atPath: broken + "/connections/acme_erp_production.connection.json")
        let brokenZip = try scratch.zip(broken, to: "broken.zip")
        let empty = try ImportScratch()
        let warned = try empty.rlcm(["plan", brokenZip, "--into", "Order Sync", "--detailed-exitcode"])
        #expect(warned.status == 2, "\(warned.stdout)\(warned.stderr)")
        #expect(warned.stdout.contains("Unresolved references") && warned.stdout.contains("\(OrderSync.packageKey) -> "), "\(warned.stdout)")
        let error = try empty.rlcm(["plan", brokenZip, "--into", "Order Sync", "--detailed-exitcode", "--strict"])
        #expect(error.status == 1)
        #expect(error.stderr.contains("orders/new_order_to_fulfilment.recipe.json"), "\(error.stderr)")
        #expect(error.stderr.contains("api/get_order_status.recipe.json"), "\(error.stderr)")
        #expect(!error.stderr.contains(OrderSync.packageKey))
    }

    /// Reformats a JSON file with sorted keys and another layout: the same document in other bytes.
    func reformat(_ path: String) throws {
        let object = try JSONSerialization.jsonObject(with: Data(readAll(path)))
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        precondition(Array(data) != readAll(path))
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test("plan writes nothing and shows + ~ = ! - ; update, unchanged and keep; content_differs ignores formatting and key order")
    func actionsAndSymbols() throws {
        let scratch = try ImportScratch()
        try scratch.importFixture()
        try scratch.rlcm(["recipe", "start", Self.newOrder]).check()
        let package = try scratch.fixtureCopy("changed")
        try edit(package + "/orders/new_order_to_fulfilment.recipe.json") { $0.replacingOccurrences(of: "\"version\": 7", with: "\"version\": 8") }
        try reformat(package + "/api/get_order_status.recipe.json")
        try FileManager.default.createDirectory(atPath: package + "/reports", withIntermediateDirectories: true)
        try "{\n  \"name\": \"weekly\"\n}\n".write(toFile: package + "/reports/weekly.report.json", atomically: false, encoding: .utf8)
        let zip = try scratch.zip(package, to: "changed.zip")

        let before = scratch.digest()
        let json = try scratch.rlcm(["plan", zip, "--into", "Order Sync", "--restart-recipes", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let plan = assets(try jsonObject(json.stdout))
        #expect(plan[Self.newOrder]?["action"] as? String == "update")
        #expect(plan[Self.newOrder]?["content_differs"] as? Bool == true)
        #expect(plan[Self.newOrder]?["running"] as? Bool == true)
        #expect(plan[Self.getStatus]?["action"] as? String == "update")
        #expect(plan[Self.getStatus]?["content_differs"] as? Bool == false, "only formatting and key order differ")
        #expect(plan[Self.getStatus]?["running"] as? Bool == false)
        #expect(plan[Self.notify]?["action"] as? String == "unchanged")
        #expect(plan[Self.notify]?["content_differs"] == nil || plan[Self.notify]?["content_differs"] is NSNull)
        #expect(plan["Order Sync/connections/ops_slack.connection.json"]?["action"] as? String == "keep")
        #expect(plan["Order Sync/reports/weekly.report.json"]?["action"] as? String == "create")
        #expect(plan["Order Sync/api/orders_api.api_group.json"]?["action"] as? String == "unchanged")

        let text = try scratch.rlcm(["plan", zip, "--into", "Order Sync", "--restart-recipes"]).check().stdout
        let rows = symbols(text)
        #expect(rows[Self.newOrder] == "!", "\(text)")
        #expect(rows[Self.getStatus] == "~")
        #expect(rows[Self.notify] == "=")
        #expect(rows["Order Sync/connections/acme_erp_production.connection.json"] == "-")
        #expect(rows["Order Sync/reports/weekly.report.json"] == "+")
        #expect(text.contains("(formatting only)"))
        #expect(text.contains("will be stopped, updated, started again"))
        #expect(text.contains("Plan: 1 to create, 2 to update, 3 unchanged, 2 kept"), "\(text)")

        // Without --restart-recipes the running recipe blocks: exit 1, named on stderr.
        let blocked = try scratch.rlcm(["plan", zip, "--into", "Order Sync"])
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains(Self.newOrder), "\(blocked.stderr)")
        #expect(blocked.stdout.contains("RUNNING: blocks the import"))
        #expect(digestDifference(before, scratch.digest()) == [], "plan writes nothing, .rlcm included")
    }

    @Test("import --plan applies exactly the saved plan, even when it creates a connector and time passed")
    func savedPlanAppliesExactly() throws {
        let scratch = try ImportScratch()
        let zip = try scratch.fixtureZip()
        let planFile = scratch.file("plan.json")
        try scratch.rlcm(["plan", zip, "--into", "Order Sync", "--out", planFile]).check()
        let saved = try jsonObject(String(decoding: readAll(planFile), as: UTF8.self))
        #expect(saved["package_sha256"] as? String == sha256(ofFile: zip))
        #expect(((saved["fingerprints"] as? [Any]) ?? []).isEmpty == false)
        Thread.sleep(forTimeInterval: 1.1)   // a new connector's key holds the time it was made

        let result = try scratch.rlcm(["import", "--plan", planFile, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let applied = try #require(try jsonObject(result.stdout)["plan"] as? [String: Any])
        #expect((applied["assets"] as? NSArray) == (saved["assets"] as? NSArray))
        #expect((applied["connectors"] as? NSArray) == (saved["connectors"] as? NSArray))
        for asset in try #require(saved["assets"] as? [[String: Any]]) {
            let path = try #require(asset["path"] as? String)
            #expect(sha256(ofFile: scratch.root + "/" + path) == asset["new_sha256"] as? String, "\(path) is what the plan said")
        }
        let connector = try #require((saved["connectors"] as? [[String: Any]])?.first)
        #expect(try scratch.connector("Acme ERP")["provider_key"] as? String == connector["target_key"] as? String)
    }

    @Test("import --plan is refused, naming what changed, when a target recipe was edited after planning")
    func stalePlanTargetEdited() throws {
        let (scratch, _, zip) = try billingScene()
        let planFile = scratch.file("plan.json")
        try scratch.rlcm(["plan", zip, "--into", "Order Sync", "--out", planFile]).check()

        try edit(scratch.root + "/" + Self.newOrder) { $0.replacingOccurrences(of: "\"version\": 7", with: "\"version\": 9") }
        let before = scratch.digest()
        let refused = try scratch.rlcm(["import", "--plan", planFile])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("stale"), "\(refused.stderr)")
        #expect(refused.stderr.contains("'\(Self.newOrder)' was changed"), "\(refused.stderr)")
        #expect(digestDifference(before, scratch.digest()) == [])

        // A recipe outside the project that the dependency report looked at counts as well.
        let planFile2 = scratch.file("plan2.json")
        try scratch.rlcm(["plan", zip, "--into", "Order Sync", "--out", planFile2]).check()
        // It is fingerprinted by its stat stamp, not read; the files the import writes keep their SHA-256.
        let prints = Dictionary(uniqueKeysWithValues: try #require(try jsonObject(String(decoding: readAll(planFile2), as: UTF8.self))["fingerprints"]
            as? [[String: Any]]).map { ($0["path"] as! String, $0) })
        let billingStamp = try #require(FileSystem.stamp(scratch.root + "/" + Self.billing))
        #expect(prints[Self.billing]?["stamp"] as? String == "\(billingStamp.size):\(billingStamp.modified):\(billingStamp.changed):\(billingStamp.inode)")
        #expect(prints[Self.billing]?["sha256"] == nil)
        #expect(prints[Self.newOrder]?["sha256"] as? String == sha256(ofFile: scratch.root + "/" + Self.newOrder))
        #expect(prints[Self.newOrder]?["stamp"] == nil)
        try edit(scratch.root + "/" + Self.billing) { $0.replacingOccurrences(of: "\"42\"", with: "\"43\"") }   // same size
        let before2 = scratch.digest()
        let refused2 = try scratch.rlcm(["import", "--plan", planFile2])
        #expect(refused2.status == 1)
        #expect(refused2.stderr.contains("stale"), "\(refused2.stderr)")
        #expect(refused2.stderr.contains("'\(Self.billing)' was changed"), "\(refused2.stderr)")
        #expect(digestDifference(before2, scratch.digest()) == [])

        // Starting a recipe after planning changes what the import would do, too.
        let planFile3 = scratch.file("plan3.json")
        try scratch.rlcm(["plan", zip, "--into", "Order Sync", "--out", planFile3]).check()
        try scratch.rlcm(["recipe", "start", Self.getStatus]).check()
        let refused3 = try scratch.rlcm(["import", "--plan", planFile3])
        #expect(refused3.status == 1)
        #expect(refused3.stderr.contains(".rlcm/recipes.json"), "\(refused3.stderr)")
    }

    @Test("import --plan is refused when the package file changed after planning")
    func stalePlanPackageChanged() throws {
        let scratch = try ImportScratch()
        try scratch.importFixture()
        let package = try scratch.fixtureCopy("pkg")
        let zip = try scratch.zip(package, to: "pkg.zip")
        let planFile = scratch.file("plan.json")
        try scratch.rlcm(["plan", zip, "--into", "Order Sync", "--out", planFile]).check()

        try edit(package + "/orders/notify_ops_channel.recipe.json") { $0.replacingOccurrences(of: "\"#ops\"", with: "\"#ops-alerts\"") }
        _ = try scratch.zip(package, to: "pkg.zip")
        let before = scratch.digest()
        let refused = try scratch.rlcm(["import", "--plan", planFile])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("stale"), "\(refused.stderr)")
        #expect(refused.stderr.contains("the package '\(zip)' changed"), "\(refused.stderr)")
        #expect(digestDifference(before, scratch.digest()) == [])
    }

    @Test("content_differs' byte count: every byte of every token, strings with their escapes and spaces included, and no whitespace between tokens")
    func significantBytesCountsTokens() throws {
        // Documents built from tokens with whitespace between them: the count must be the tokens'.
        let outside = Array("{}[]:,a1-.e".utf8) + [0x00, 0xC3, 0xA9, 0xFF]
        let inside = Array(" \t\r\nab{}:,".utf8) + [0xC3, 0xA9, 0xFF]
        let escapes = [#"\""#, #"\\"#, #"\n"#, #"\/"#, #"\u0022"#].map { Array($0.utf8) }
        let whitespace = Array(" \t\r\n".utf8)
        for tokenCount in [0, 1, 2, 5, 50, 2000] {
            var tokens: [[UInt8]] = []
            for _ in 0..<tokenCount {
                if Bool.random() {
                    var string: [UInt8] = [0x22]
                    for _ in 0..<Int.random(in: 0...12) { string += Bool.random() ? [inside.randomElement()!] : escapes.randomElement()! }
                    tokens.append(string + [0x22])
                } else {
                    tokens.append((0..<Int.random(in: 1...4)).map { _ in outside.randomElement()! })
                }
            }
            var spaced: [UInt8] = []
            for token in tokens {
                spaced += (0..<Int.random(in: 0...3)).map { _ in whitespace.randomElement()! }
                spaced += token
            }
            var expected = [Int](repeating: 0, count: 256)
            for byte in tokens.joined() { expected[Int(byte)] += 1 }
            #expect(EntryComparison.significantBytes(spaced) == expected, "\(String(decoding: spaced.prefix(120), as: UTF8.self))")
            #expect(EntryComparison.significantBytes(Array(tokens.joined())) == expected)
        }

        // Formatting and key order are no difference; moving a space into another place in a string is.
        let compact = Array(#"{"a":1,"b":"x y"}"#.utf8)
        #expect(!EntryComparison.documentsDiffer(compact, Array("{\n  \"b\": \"x y\",\n  \"a\": 1\n}\n".utf8)))
        #expect(EntryComparison.documentsDiffer(compact, Array(#"{"a":1,"b":"xy "}"#.utf8)))
        #expect(EntryComparison.documentsDiffer(compact, Array(#"{"a":1,"b":"xy"}"#.utf8)))
    }

    @Test("plan --json validates against Schemas/import-plan.schema.json")
    func planJSONMatchesSchema() throws {
        let scratch = try ImportScratch()
        let fixture = try scratch.fixtureZip()
        var outputs = [try scratch.rlcm(["plan", fixture, "--into", "Order Sync", "--json"]).check().stdout]
        let key = try scratch.importFixture(fixture)
        try scratch.write(Self.billing, billingRecipe(key: key))
        try scratch.rlcm(["recipe", "start", Self.newOrder]).check()
        outputs.append(try scratch.rlcm(["plan", try packageWithoutGetInvoice(scratch), "--into", "Order Sync", "--json"]).check().stdout)
        let broken = try scratch.fixtureCopy("broken")
        try edit(broken + "/orders/new_order_to_fulfilment.recipe.json") { $0.replacingOccurrences(of: "\"version\": 7", with: "\"version\": 8") }
        let blocked = try scratch.rlcm(["plan", try scratch.zip(broken, to: "broken.zip"), "--into", "Order Sync", "--json"])
        #expect(blocked.status == 1)
        outputs.append(blocked.stdout)
        for output in outputs {
            #expect(try SchemaValidator.errors(validating: Data(output.utf8), against: "import-plan") == [])
        }
    }
}
