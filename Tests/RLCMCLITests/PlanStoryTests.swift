import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// What a plan tells a reviewer, on copies of the sample workspaces with real `rlcm` processes:
/// "nothing to deploy" when nothing changed, what changed inside each asset, what the target has
/// that the package no longer carries, and saved plans used from elsewhere.
@Suite("The plan tells the whole story") struct PlanStoryTests {
    static let newOrder = "Order Sync/orders/new_order_to_fulfilment.recipe.json"

    /// Copies of `SampleManifests/sandbox` and `production`, and "Order Sync" exported from the sandbox.
    final class Samples {
        let dir = TempDir()
        var sandbox: String { dir.file("sandbox") }
        var production: String { dir.file("production") }
        var package: String { dir.file("order-sync.zip") }

        init() throws {
            for workspace in ["sandbox", "production"] { try dir.samples(workspace) }
            try export(to: package)
        }

        /// "Order Sync" of the sandbox as it is now, exported to `file`.
        @discardableResult
        func export(to file: String) throws -> String {
            try CLI.run(["export", "Order Sync", "-C", sandbox, "-o", file]).check()
            return file
        }

        /// `rlcm ARGS -C production`, run in the scene's folder.
        @discardableResult
        func production(_ arguments: [String], in folder: String? = nil) throws -> CLI.Result {
            try CLI.run(arguments + ["-C", production], in: folder ?? dir.path)
        }

        /// The production connector store, file by file.
        func store() -> [String: String] { treeDigest(production + "/.rlcm/connectors") }
    }

    @Test("--reuse-identical-connectors: the sample package imported twice plans as no change the second time (exit 0), and the second import leaves the connector store as it was")
    func reuseMakesNothingToDeployReachable() throws {
        let samples = try Samples()
        let into = [samples.package, "--into", "Order Sync", "--restart-recipes", "--reuse-identical-connectors"]
        let first = try samples.production(["import"] + into)
        try first.check()
        // Acme ERP's released code differs from the package's, and Parcel Tracker is new: not reused.
        #expect(first.stdout.contains("Acme ERP: new version 3, released"), "\(first.stdout)")

        let plan = try samples.production(["plan"] + into + ["--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("= Acme ERP: reuse released version 3: same code and note, no new version"), "\(plan.stdout)")
        #expect(plan.stdout.contains("= Parcel Tracker: reuse released version 1: same code and note, no new version"), "\(plan.stdout)")
        #expect(plan.stdout.contains("0 connector versions added, 2 connectors reused"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("Recipes in the target that use the re-released connectors"), "\(plan.stdout)")
        let output = Data(try samples.production(["plan"] + into + ["--json"]).stdout.utf8)
        #expect(try SchemaValidator.errors(validating: output, against: "import-plan") == [])
        let json = try JSONSerialization.jsonObject(with: output) as! [String: Any]
        #expect((json["connectors"] as! [[String: Any]]).map { $0["action"] as! String } == ["reuse", "reuse"])

        let store = samples.store()
        let second = try samples.production(["import"] + into)
        try second.check()
        #expect(digestDifference(store, samples.store()) == [])

        // Without the flag the platform's rule holds: every import adds a version.
        let always = try samples.production(["plan", samples.package, "--into", "Order Sync", "--restart-recipes", "--detailed-exitcode"])
        #expect(always.status == 2 && always.stdout.contains("Acme ERP: new version 4, released"), "\(always.stdout)")
    }

    /// The JSON of `rlcm plan ARGS --json -C production`, checked against the schema.
    func planJSON(_ samples: Samples, _ arguments: [String]) throws -> [String: Any] {
        let output = Data(try samples.production(["plan"] + arguments + ["--json"]).stdout.utf8)
        #expect(try SchemaValidator.errors(validating: output, against: "import-plan") == [])
        return try JSONSerialization.jsonObject(with: output) as! [String: Any]
    }

    @Test("one value changed in one recipe: the text names its step and path with the old and new value, --json lists exactly that path with both digests, --diff a unified diff")
    func oneChangedValue() throws {
        let samples = try Samples()
        let into = ["--into", "Order Sync", "--restart-recipes", "--reuse-identical-connectors"]
        try samples.production(["import", samples.package] + into).check()
        let before = Hashing.sha256(readAll(samples.production + "/" + Self.newOrder))
        try edit(samples.sandbox + "/" + Self.newOrder) { $0.replacingOccurrences(of: "\"status\": \"in_fulfilment\"", with: "\"status\": \"fulfilling\"") }
        let changed = try samples.export(to: samples.dir.file("changed.zip"))

        let text = try samples.production(["plan", changed] + into + ["--detailed-exitcode"])
        #expect(text.status == 2)
        #expect(text.stdout.contains("""
            update (content differs), running: will be stopped, updated, started again, 7 provider keys rewritten
                   step 4 action update_order_status (acme_erp_connector_4195565_1795434807) input.status: "in_fulfilment" -> "fulfilling"
            """), "\(text.stdout)")

        let plan = try planJSON(samples, [changed] + into)
        let asset = try #require((plan["assets"] as! [[String: Any]]).first { $0["path"] as? String == Self.newOrder })
        let paths = try #require(asset["changed_paths"] as? [[String: Any]])
        #expect(paths.map { $0["path"] as! String } == ["$.code.block[2].input.status"])
        #expect(paths.first?["old"] as? String == "\"in_fulfilment\"" && paths.first?["new"] as? String == "\"fulfilling\"")
        #expect(asset["old_sha256"] as? String == before && asset["new_sha256"] as? String != before)

        let diff = try samples.production(["plan", changed] + into + ["--diff"])
        #expect(diff.stdout.contains("""
            --- a/\(Self.newOrder)
            +++ b/\(Self.newOrder)
            @@ -
            """), "\(diff.stdout)")
        #expect(diff.stdout.contains("-          \"status\": \"in_fulfilment\"\n+          \"status\": \"fulfilling\"\n"), "\(diff.stdout)")
        #expect(!diff.stdout.contains("input.status: \""), "--diff shows the diff instead of the paths")
    }

    @Test("a recipe renamed in the sandbox: the old one is listed as in the target only, running, a likely rename; import --prune --restart-recipes removes it; a rollback brings it back, running")
    func renamedRecipeIsPrunedAndRolledBack() throws {
        let samples = try Samples()
        try samples.production(["import", samples.package, "--into", "Order Sync", "--restart-recipes"]).check()
        let renamed = "Order Sync/orders/new_order_to_fulfillment.recipe.json"
        try FileManager.default.moveItem(atPath: samples.sandbox + "/" + Self.newOrder, toPath: samples.sandbox + "/" + renamed)
        let package = try samples.export(to: samples.dir.file("renamed.zip"))

        let kept = try samples.production(["plan", package, "--into", "Order Sync", "--restart-recipes"])
        try kept.check()
        #expect(kept.stdout.contains("In the target, not in the package (kept; --prune would remove them):"), "\(kept.stdout)")
        #expect(kept.stdout.contains("?  \(Self.newOrder)"), "\(kept.stdout)")
        #expect(kept.stdout.contains("keep, running; likely renamed to \(renamed) (same name)"), "\(kept.stdout)")
        let plan = try planJSON(samples, [package, "--into", "Order Sync", "--restart-recipes"])
        let leftover = try #require((plan["not_in_package"] as? [[String: Any]])?.first { $0["path"] as? String == Self.newOrder })
        #expect(leftover["running"] as? Bool == true && leftover["action"] as? String == "keep" && leftover["likely_renamed_to"] as? String == renamed)

        let blocked = try samples.production(["import", package, "--into", "Order Sync", "--prune"])
        #expect(blocked.status == 1 && blocked.stderr.contains("recipe '\(Self.newOrder)' is running and --prune would remove it"), "\(blocked.stderr)")

        let states = samples.production + "/.rlcm/recipes.json"
        let before = treeDigest(samples.production).filter { !$0.key.hasPrefix(".rlcm/history") && !$0.key.hasPrefix(".rlcm/undo") }
        let pruned = try samples.production(["import", package, "--into", "Order Sync", "--prune", "--restart-recipes", "--json"])
        try pruned.check()
        #expect(!FileManager.default.fileExists(atPath: samples.production + "/" + Self.newOrder))
        #expect(FileManager.default.fileExists(atPath: samples.production + "/" + renamed))
        #expect(!(try String(contentsOfFile: states, encoding: .utf8)).contains(Self.newOrder))
        let id = try #require((try JSONSerialization.jsonObject(with: Data(pruned.stdout.utf8)) as? [String: Any])?["id"] as? String)

        let rolledBack = try samples.production(["rollback", id, "--restart-recipes"])
        try rolledBack.check()
        #expect(rolledBack.stdout.contains("+  \(Self.newOrder)"), "\(rolledBack.stdout)")
        let after = treeDigest(samples.production).filter { !$0.key.hasPrefix(".rlcm/history") && !$0.key.hasPrefix(".rlcm/undo") }
        // The run states are rlcm's to write (the sample's file has another layout): the same ones, running again.
        #expect(digestDifference(before, after).filter { !$0.hasPrefix(".rlcm/lock") && !$0.hasPrefix(".rlcm/recipes.json") } == [])
        let running = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: states))) as? [String: [String]]
        #expect(running?["running"] == ["Finance/exports/nightly_invoice_export.recipe.json", Self.newOrder])
    }

    @Test("import --plan from another folder finds the package through the plan's folder; --package takes a copy, checked by SHA-256")
    func savedPlanFindsItsPackage() throws {
        let samples = try Samples()
        let plans = samples.dir.file("plans"), elsewhere = samples.dir.file("elsewhere")
        for folder in [plans, elsewhere] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        // Planned from the scene's folder: the plan names the package as "order-sync.zip" from there.
        try samples.production(["plan", "order-sync.zip", "--into", "Order Sync", "--restart-recipes", "--out", "plans/plan.json"]).check()
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plans + "/plan.json"))) as! [String: Any]
        #expect(saved["package_from_plan"] as? String == "../order-sync.zip")

        // A copy that is not the package is refused, naming it, and nothing is written.
        let before = treeDigest(samples.production)
        try edit(samples.sandbox + "/" + Self.newOrder) { $0.replacingOccurrences(of: "\"in_fulfilment\"", with: "\"fulfilling\"") }
        let other = try samples.export(to: samples.dir.file("other.zip"))
        let refused = try samples.production(["import", "--plan", plans + "/plan.json", "--package", other], in: elsewhere)
        #expect(refused.status == 1 && refused.stderr.contains("'\(other)' is not the package plan"), "\(refused.stderr)")
        #expect(digestDifference(before, treeDigest(samples.production)).filter { !$0.hasPrefix(".rlcm/lock") } == [])

        // A copy with the same bytes is taken, from any folder, the original gone.
        let copy = elsewhere + "/copy.zip"
        try FileManager.default.moveItem(atPath: samples.package, toPath: copy)
        try samples.production(["import", "--plan", plans + "/plan.json", "--package", copy], in: elsewhere).check()
    }

    @Test("import --plan from another folder, the package beside the plan's folder as when planned")
    func savedPlanFromAnotherFolder() throws {
        let samples = try Samples()
        let elsewhere = samples.dir.file("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try samples.production(["plan", "order-sync.zip", "--into", "Order Sync", "--restart-recipes", "--out", "plan.json"]).check()
        let imported = try samples.production(["import", "--plan", samples.dir.file("plan.json")], in: elsewhere)
        try imported.check()
        #expect(imported.stdout.contains("Imported \(samples.package) into 'Order Sync'"), "\(imported.stdout)")
    }

    @Test("a plan made for one workspace, used on another: refused naming both, and nothing changes")
    func planForAnotherWorkspace() throws {
        let samples = try Samples()
        try samples.production(["plan", "order-sync.zip", "--into", "Order Sync", "--restart-recipes", "--out", "plan.json"]).check()
        let other = samples.dir.file("staging")
        try CLI.run(["init", other, "--name", "Staging", "--environment", "production"]).check()
        let before = treeDigest(other)
        let refused = try CLI.run(["import", "--plan", "plan.json", "-C", other], in: samples.dir.path)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the saved plan was made for workspace 'Acme production' (created "), "\(refused.stderr)")
        #expect(refused.stderr.contains("this is workspace 'Staging' (created "), "\(refused.stderr)")
        #expect(!refused.stderr.contains("was created"), "no list of stale files: \(refused.stderr)")
        #expect(digestDifference(before, treeDigest(other)).filter { !$0.hasPrefix(".rlcm/lock") } == [])
    }

    @Test("a target recipe that names its connector by another key: every place is a changed path in --json, one line in the text")
    func providerKeySwapsFoldIntoOneLine() throws {
        let scratch = try ImportScratch()
        let fixture = try scratch.fixtureZip()
        let key = try scratch.importFixture(fixture)
        let other = "acme_erp_connector_999_1700000000"
        try edit(scratch.root + "/" + Self.newOrder) { $0.replacingOccurrences(of: key, with: other) }

        let output = Data(try scratch.rlcm(["plan", fixture, "--into", "Order Sync", "--json"]).stdout.utf8)
        let plan = try JSONSerialization.jsonObject(with: output) as! [String: Any]
        let asset = try #require((plan["assets"] as! [[String: Any]]).first { $0["path"] as? String == Self.newOrder })
        let swaps = (asset["changed_paths"] as! [[String: Any]]).map { $0["provider_key"] as? [String: String] }
        #expect(swaps.count > 1 && swaps.allSatisfy { $0 == ["from": other, "to": key] }, "\(swaps)")

        let text = try scratch.rlcm(["plan", fixture, "--into", "Order Sync"]).stdout
        #expect(text.contains("       provider key \(other) -> \(key) (\(swaps.count) places)\n"), "\(text)")
        #expect(text.components(separatedBy: other).count == 2, "the key is named once: \(text)")
    }

    @Test("--diff: a connector whose code changes shows its unified diff against the released version, in the text and in --json")
    func connectorCodeDiff() throws {
        let samples = try Samples()
        let into = [samples.package, "--into", "Order Sync", "--restart-recipes", "--diff"]
        let text = try samples.production(["plan"] + into).stdout
        #expect(text.contains("code vs released: +4 -4 lines"), "the summary stays: \(text)")
        let plan = try planJSON(samples, into)
        let acme = try #require((plan["connectors"] as! [[String: Any]]).first { $0["title"] as? String == "Acme ERP" })
        let diff = try #require(acme["unified_diff"] as? String)
        let entry = (acme["zip_name"] as! String).replacingOccurrences(of: ".json", with: ".rb")
        #expect(diff.hasPrefix("--- a/\(entry) (released version 2)\n+++ b/\(entry) (package)\n@@ -"), "\(diff)")
        #expect(diff.split(separator: "\n").filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.count == 4, "\(diff)")
        #expect(text.contains(diff), "\(text)")
        #expect((plan["diffs"] as? [String: String])?[Self.newOrder]?.hasPrefix("--- a/\(Self.newOrder)\n") == true)
    }
}
