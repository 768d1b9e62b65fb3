import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// `rlcm rollback`, `rlcm drift` and `rlcm history` as real processes on a copy of the sample
/// production workspace: exit codes, JSON that validates against the schemas, refusals that name
/// what is wrong and change nothing.
@Suite("Rollback and drift, the commands") struct RollbackCLITests {
    /// A copy of the samples, with "Order Sync" exported from the sandbox as `order-sync.zip`.
    final class Samples {
        let dir = TempDir()
        var production: String { dir.file("production") }
        var package: String { dir.file("order-sync.zip") }

        init() throws {
            for workspace in ["sandbox", "production"] { try dir.samples(workspace) }
            try CLI.run(["export", "Order Sync", "-C", dir.file("sandbox"), "-o", package]).check()
        }

        func rlcm(_ arguments: [String]) throws -> CLI.Result {
            try CLI.run(arguments + ["-C", production], environment: ["RLCM_NOW": fixedImportTime, "RLCM_CACHE_DIR": dir.file("cache")])
        }

        /// Imports the package, restarting the running recipe it overwrites; returns the import's id.
        func importPackage() throws -> String {
            let result = try rlcm(["import", package, "--into", "Order Sync", "--restart-recipes", "--json"]).check()
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])["id"] as! String
        }

        /// The workspace's files, rlcm's records and machine-local files aside.
        func state() -> [String: String] {
            treeDigest(production).filter { path, _ in !path.hasPrefix(".rlcm/history") && !path.hasPrefix(".rlcm/undo") && path != ".rlcm/lock" }
        }
    }

    @Test("rollback --dry-run --json is a plan, rollback --json a result, history --json and drift --json validate; the tree is back")
    func jsonValidates() throws {
        let samples = try Samples()
        _ = try samples.rlcm(["history"]).check()
        let before = samples.state()
        let id = try samples.importPackage()
        let drift = try samples.rlcm(["drift", "--json", "--detailed-exitcode"])
        #expect(drift.status == 0, "\(drift.stderr)")
        try Pkg.expectValid(drift.stdout, against: "drift")

        let dryRun = try samples.rlcm(["rollback", id, "--dry-run", "--json", "--restart-recipes"]).check()
        try Pkg.expectValid(dryRun.stdout, against: "import-plan")
        #expect(dryRun.stdout.contains("\"undoes\" : \"\(id)\"") || dryRun.stdout.contains("\"undoes\": \"\(id)\""))
        let rolledBack = try samples.rlcm(["rollback", id, "--json", "--restart-recipes"]).check()
        try Pkg.expectValid(rolledBack.stdout, against: "rollback-result")
        #expect(samples.state() == before)
        try Pkg.expectValid(try samples.rlcm(["history", "--json"]).check().stdout, against: "history")
    }

    @Test("drift --detailed-exitcode: 0 after the import, 2 after an edit, a removal, an addition and a hand release")
    func driftExitCodes() throws {
        let samples = try Samples()
        _ = try samples.importPackage()
        #expect(try samples.rlcm(["drift", "--detailed-exitcode"]).status == 0)
        let root = samples.production
        writeBytes(Array("{}\n".utf8), to: root + "/Order Sync/orders/track_shipment.recipe.json")
        try FileManager.default.removeItem(atPath: root + "/Order Sync/lookups/carrier_codes.lookup_table.json")
        writeBytes(Array("{}\n".utf8), to: root + "/Order Sync/orders/by_hand.recipe.json")
        try samples.rlcm(["connector", "push", "--title", "Acme ERP", "--code", root + "/.rlcm/connectors/4195565/v1.rb", "--note", "hotfix"]).check()
        try samples.rlcm(["connector", "release", "Acme ERP"]).check()

        let drift = try samples.rlcm(["drift", "Order Sync", "--detailed-exitcode"])
        #expect(drift.status == 2, "\(drift.stderr)")
        for line in ["~ Order Sync/orders/track_shipment.recipe.json  edited", "x Order Sync/lookups/carrier_codes.lookup_table.json  removed",
                     "+ Order Sync/orders/by_hand.recipe.json  added", "! connector Acme ERP: released version 4, the import left version 3"] {
            #expect(drift.stdout.contains(line), "missing '\(line)' in:\n\(drift.stdout)")
        }
        #expect(try samples.rlcm(["drift"]).status == 0, "without --detailed-exitcode, drift is not an error")
        let unknown = try samples.rlcm(["drift", "Finance"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no import has written project 'Finance' (imported projects: Order Sync)"))
    }

    @Test("a refused rollback exits 1, names the edited file and writes nothing; an unknown id names the newest ones")
    func refusalsChangeNothing() throws {
        let samples = try Samples()
        let id = try samples.importPackage()
        writeBytes(Array("{}\n".utf8), to: samples.production + "/Order Sync/orders/track_shipment.recipe.json")
        let edited = treeDigest(samples.production)

        let refused = try samples.rlcm(["rollback", id, "--restart-recipes"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the rollback of '\(id)' is blocked; nothing was written"))
        #expect(refused.stderr.contains("'Order Sync/orders/track_shipment.recipe.json' was changed since"))
        #expect(treeDigest(samples.production).filter { $0.key != ".rlcm/lock" } == edited.filter { $0.key != ".rlcm/lock" })

        let unknown = try samples.rlcm(["rollback", "20990101T000000.000Z-00000000"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no import or rollback '20990101T000000.000Z-00000000'") && unknown.stderr.contains(id))
        let badSetting = try samples.rlcm(["workspace", "set", "undo-kept", "0"])
        #expect(badSetting.status == 1 && badSetting.stderr.contains("undo-kept '0'"))
        #expect(try samples.rlcm(["rollback", id, "--restart-recipes", "--force"]).status == 0)
    }
}
