import Foundation
import RLCMTestSupport
import Testing

/// Errors that say what is wrong and what to do, each with its exit code: real `rlcm` processes
/// on a scratch copy of the samples.
@Suite("Errors that guide")
struct GuidingErrorTests {
    @Test("A mistyped command names the nearest ones and exits 64; so does 'help' of a command that does not exist")
    func mistypedCommands() throws {
        let cases: [([String], String)] = [
            (["improt", "order-sync.zip"], "Error: 'improt' is not a command of 'rlcm'; did you mean 'rlcm import'? (see 'rlcm --help')\n"),
            (["histroy", "-C", "production"], "Error: 'histroy' is not a command of 'rlcm'; did you mean 'rlcm history'? (see 'rlcm --help')\n"),
            (["-C", "production", "histroy"], "Error: 'histroy' is not a command of 'rlcm'; did you mean 'rlcm history'? (see 'rlcm --help')\n"),
            (["connector", "relase", "Acme ERP"], "Error: 'relase' is not a command of 'rlcm connector'; did you mean 'rlcm connector release'? (see 'rlcm connector --help')\n"),
            (["help", "nosuch"], "Error: 'nosuch' is not a command of 'rlcm' (see 'rlcm --help')\n"),
            (["help", "connector", "nosuch"], "Error: 'nosuch' is not a command of 'rlcm connector' (see 'rlcm connector --help')\n"),
        ]
        for (arguments, message) in cases {
            let run = try CLI.run(arguments)
            #expect(run.status == 64 && run.stderr == message && run.stdout.isEmpty, "\(arguments): \(run.status) \(run.stderr)")
        }
        let help = try CLI.run(["help", "connector", "release"])
        #expect(help.status == 0 && help.stdout.contains("Release a connector's latest version"), "\(help.stderr)")
    }

    @Test("-C names a missing folder, a folder inside a workspace (with the root to use) and a folder that is no workspace, each for what it is")
    func workspaceFolders() throws {
        let dir = TempDir()
        let samples = try dir.samples()
        let cases: [(String, String)] = [
            ("production/Order Sync", "rlcm: error: '\(samples)/production/Order Sync' is a folder inside the workspace '\(samples)/production', not a workspace itself; name the workspace's root: -C '\(samples)/production'\n"),
            ("nowhere", "rlcm: error: the workspace folder '\(samples)/nowhere' does not exist; name an existing workspace with -C DIR, or create one with 'rlcm init DIR'\n"),
            ("sources", "rlcm: error: '\(samples)/sources' is not an rlcm workspace (it has no .rlcm/workspace.json, nor does any folder above it); create one with 'rlcm init DIR' or name one with -C DIR\n"),
        ]
        for (folder, message) in cases {
            let run = try CLI.run(["history", "-C", folder], in: samples)
            #expect(run.status == 1 && run.stderr == message, "\(folder): \(run.stderr)")
        }
    }

    @Test("Releasing a released connector names it and what to do; recipe start/stop on a folder or a connection says what it is; a missing folder lists the workspace's own projects")
    func libraryErrors() throws {
        let dir = TempDir()
        let samples = try dir.samples()
        try CLI.run(["connector", "release", "Acme ERP", "-C", "sandbox"], in: samples).check()
        let before = treeDigest(samples + "/sandbox")
        let expectations: [([String], String)] = [
            (["connector", "release", "Acme ERP", "-C", "sandbox"],
             "custom connector 'Acme ERP': its latest version, 4, is already the released one; push a new version with 'rlcm connector push --title \"Acme ERP\" --code FILE', then release it"),
            (["recipe", "stop", "Order Sync/connections", "-C", "sandbox"], "'Order Sync/connections' is a folder, not a recipe (recipes are files named *.recipe.json)"),
            (["recipe", "stop", "Order Sync/connections/acme_erp_sandbox.connection.json", "-C", "sandbox"],
             "'Order Sync/connections/acme_erp_sandbox.connection.json' is a connection, not a recipe (recipes are files named *.recipe.json)"),
            (["export", "Order Synk", "-C", "sandbox", "-o", "x.zip"],
             "folder 'Order Synk' does not exist in the workspace; its projects are 'Billing', 'Order Sync', 'Shared Connections' (did you mean 'Order Sync'?); give a folder relative to the workspace root"),
        ]
        for (arguments, message) in expectations {
            let run = try CLI.run(arguments, in: samples)
            #expect(run.status == 1 && run.stderr == "rlcm: error: \(message)\n", "\(arguments): \(run.stderr)")
        }
        #expect(treeDigest(samples + "/sandbox") == before)
        let production = try CLI.run(["export", "Ordr Sync", "-C", "production", "-o", "x.zip"], in: samples)
        #expect(production.stderr.contains("its projects are 'Finance', 'Order Sync', 'Shared Connections' (did you mean 'Order Sync'?)"), "\(production.stderr)")
        let damaged = dir.file("damaged.json")
        try #"{"format_version": 2}"#.write(toFile: damaged, atomically: true, encoding: .utf8)
        let plan = try CLI.run(["import", "--plan", damaged, "-C", "production"], in: samples)
        #expect(plan.status == 1 && plan.stderr == "rlcm: error: plan file '\(damaged)' is not a plan 'rlcm plan --out' saved: $.package is missing; make a new one with 'rlcm plan --out'\n", "\(plan.stderr)")
    }

    @Test("An export never packs its own output nor a zip a client left in the folder: it says so and leaves them out")
    func zipsInTheFolderAreLeftOut() throws {
        let dir = TempDir()
        let samples = try dir.samples()
        let project = samples + "/sandbox/Order Sync"
        try CLI.run(["export", "Order Sync", "-o", "x.zip"], in: project).check()
        try FileManager.default.copyItem(atPath: project + "/x.zip", toPath: project + "/Order Sync.zip")
        let again = try CLI.run(["export", "Order Sync", "-o", "x.zip", "--json"], in: project).check()
        let names = try Pkg.entries(project + "/x.zip").keys
        #expect(!names.contains { $0.hasSuffix(".zip") }, "\(names.sorted())")
        #expect(again.stdout.contains("'Order Sync/Order Sync.zip': left out (a zip archive, not an asset: a package never carries another package)"), "\(again.stdout)")
        #expect(!again.stdout.contains("'Order Sync/x.zip'"), "its own output is no news")
    }

    @Test("A package with no asset of the platform's types, and one whose every entry sits under a folder named like the target project, plan with a warning each")
    func suspiciousPackages() throws {
        let dir = TempDir()
        let samples = try dir.samples()
        let notes = dir.write("notes.zip", HostileZip((1...3).map { HostileEntry("n\($0).notes.json", Array("{}".utf8)) }).bytes())
        let package = dir.file("order-sync.zip")
        try CLI.run(["export", "Order Sync", "-C", "sandbox", "-o", package], in: samples).check()
        let nested = dir.write("nested.zip", HostileZip(try Pkg.entries(package).sorted { $0.key < $1.key }.map { HostileEntry("Order Sync/\($0.key)", $0.value) }).bytes())
        let cases: [(String, String)] = [
            (notes, "the package holds no asset of the platform's types (recipes, connections, lookup tables, ...): is it a Workato package?"),
            (nested, "every entry of the package sits under the folder 'Order Sync/': it would land in 'Order Sync/Order Sync/'; zip the project folder's contents, not the folder itself"),
        ]
        for (zip, warning) in cases {
            let text = try CLI.run(["plan", zip, "--into", "Order Sync", "-C", "production"], in: samples)
            #expect(text.status == 0 && text.stdout.contains("About the package (warnings):\n  ? \(warning)"), "\(text.stdout)")
            let json = try CLI.run(["plan", zip, "--into", "Order Sync", "-C", "production", "--json"], in: samples)
            try Pkg.expectValid(json.stdout, against: "import-plan")
            #expect(try Pkg.object(json.stdout)["suspicions"] as? [String] == [warning])
        }
        let plain = try CLI.run(["plan", package, "--into", "Order Sync", "-C", "production", "--json"], in: samples)
        #expect(try Pkg.object(plain.stdout)["suspicions"] == nil, "a package as exported raises no suspicion")
    }

    @Test("--json problems are objects (kind, path, JSON path, message) beside a blocked flag, in plan format 2")
    func problemsAsObjects() throws {
        let dir = TempDir()
        let samples = try dir.samples()
        let package = dir.file("order-sync.zip")
        try CLI.run(["export", "Order Sync", "-C", "sandbox", "-o", package], in: samples).check()
        let blocked = try CLI.run(["plan", package, "--into", "Order Sync", "-C", "production", "--json"], in: samples)
        #expect(blocked.status == 1)
        try Pkg.expectValid(blocked.stdout, against: "import-plan")
        let plan = try Pkg.object(blocked.stdout)
        #expect(plan["format_version"] as? Int == 2 && plan["blocked"] as? Bool == true)
        let problems = plan["problems"] as? [[String: String]] ?? []
        #expect(problems == [["kind": "running_recipe", "path": "Order Sync/orders/new_order_to_fulfilment.recipe.json",
                              "message": "recipe 'Order Sync/orders/new_order_to_fulfilment.recipe.json' is running and the import would overwrite it; stop it first or import with --restart-recipes"]],
                "\(problems)")
        let clean = try CLI.run(["plan", package, "--into", "Order Sync", "-C", "production", "--json", "--restart-recipes"], in: samples).check()
        #expect(try Pkg.object(clean.stdout)["blocked"] as? Bool == false)
    }
}
