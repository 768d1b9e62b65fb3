import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// `rlcm init`, workspace discovery, `rlcm connector …` and `rlcm recipe …`, through real processes.
@Suite("Workspace")
struct WorkspaceTests {
    static let newOrder = "Order Sync/orders/new_order_to_fulfilment.recipe.json"
    static let getStatus = "Order Sync/api/get_order_status.recipe.json"

    @Test("init with options records name, environment and data center; defaults are the folder name, sandbox, us")
    func initOptions() throws {
        let tmp = TempDir()
        let ws = tmp.file("prod ws")
        let result = try CLI.run(["init", ws, "--name", "Production", "--environment", "production", "--data-center", "eu", "--json"]).check()
        try Pkg.expectValid(result.stdout, against: "workspace")
        let report = try Pkg.object(result.stdout)
        #expect(report["root"] as? String == ws)
        let settings = try Pkg.object(Pkg.text(ws + "/.rlcm/workspace.json"))
        #expect(settings["name"] as? String == "Production")
        #expect(settings["environment"] as? String == "production")
        #expect(settings["data_center"] as? String == "eu")
        #expect(FileManager.default.fileExists(atPath: ws + "/.rlcm/connectors"))

        // Defaults, and an existing empty folder is fine.
        let plain = tmp.file("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        let text = try CLI.run(["init", "plain"], in: tmp.path).check()
        #expect(text.stdout.contains("sandbox"))
        let defaults = try Pkg.object(Pkg.text(plain + "/.rlcm/workspace.json"))
        #expect(defaults["name"] as? String == "plain")
        #expect(defaults["environment"] as? String == "sandbox")
        #expect(defaults["data_center"] as? String == "us")

        let bad = try CLI.run(["init", tmp.file("bad"), "--data-center", "mars"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("mars"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp.file("bad")))
    }

    @Test("init refuses a non-empty folder and an existing workspace, changing nothing")
    func initRefuses() throws {
        let tmp = TempDir()
        let full = tmp.file("full")
        try Pkg.write("keep me\n", to: full + "/notes.txt")
        let before = treeDigest(full)
        let result = try CLI.run(["init", full])
        #expect(result.status != 0)
        #expect(result.stderr.contains(full), "\(result.stderr)")
        #expect(result.stderr.contains("not an empty folder"), "\(result.stderr)")
        #expect(treeDigest(full) == before)

        let ws = tmp.file("ws")
        try CLI.run(["init", ws, "--name", "First"]).check()
        let existing = treeDigest(ws)
        let again = try CLI.run(["init", ws, "--name", "Second"])
        #expect(again.status != 0)
        #expect(again.stderr.contains(ws), "\(again.stderr)")
        #expect(again.stderr.contains("already an rlcm workspace"), "\(again.stderr)")
        #expect(treeDigest(ws) == existing)

        // A file where the folder should be.
        let file = tmp.write("a-file", Array("x".utf8))
        let onFile = try CLI.run(["init", file])
        #expect(onFile.status != 0)
        #expect(onFile.stderr.contains(file), "\(onFile.stderr)")
    }

    @Test("commands find the workspace from a nested folder or take -C; outside any workspace they fail naming the folder")
    func discovery() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        let key = try OrderSync.sandbox(at: ws)
        for directory in [ws, ws + "/Order Sync", ws + "/Order Sync/orders"] {
            let list = try CLI.run(["connector", "list", "--json"], in: directory).check()
            #expect((try Pkg.object(list.stdout)["connectors"] as? [[String: Any]])?.first?["provider_key"] as? String == key)
        }
        let elsewhere = tmp.file("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere + "/deep", withIntermediateDirectories: true)
        let viaC = try CLI.run(["connector", "list", "-C", "../../ws", "--json"], in: elsewhere + "/deep").check()
        #expect(viaC.stdout.contains(key))

        let none = try CLI.run(["connector", "list"], in: elsewhere + "/deep")
        #expect(none.status != 0)
        #expect(none.stderr.contains("no rlcm workspace found"), "\(none.stderr)")
        #expect(none.stderr.contains(elsewhere + "/deep"), "\(none.stderr)")
        // -C names a folder that is not a workspace (even one inside a workspace: -C is exact).
        for notWorkspace in [elsewhere, ws + "/Order Sync"] {
            let wrong = try CLI.run(["recipe", "list", "-C", notWorkspace])
            #expect(wrong.status != 0)
            #expect(wrong.stderr.contains(notWorkspace), "\(wrong.stderr)")
        }
    }

    @Test("connector push, release, list and show")
    func connectorLifecycle() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try CLI.run(["init", ws]).check()
        let code = tmp.file("c.rb")
        try Pkg.write("{ title: 'Billing' }\n", to: code)
        let started = Int(Date().timeIntervalSince1970)
        let created = try CLI.run(["connector", "push", "-C", ws, "--title", "Billing Hub", "--code", code, "--note", "first", "--json"]).check()
        try Pkg.expectValid(created.stdout, against: "connector-change")
        let first = try Pkg.object(created.stdout)
        #expect(first["action"] as? String == "created")
        #expect(first["version_no"] as? Int == 1)
        #expect(first["released_version"] == nil || first["released_version"] is NSNull)
        let key = try #require(first["provider_key"] as? String)
        let match = key.wholeMatch(of: /billing_hub_connector_(\d+)_(\d+)/)
        #expect(match != nil, "\(key)")
        if let match, let time = Int(match.output.2) {
            #expect(time >= started - 1 && time <= Int(Date().timeIntervalSince1970) + 1)
        }

        // Releasing the only version, then again.
        try CLI.run(["connector", "release", "Billing Hub", "-C", ws]).check()
        let before = treeDigest(ws)
        let again = try CLI.run(["connector", "release", "Billing Hub", "-C", ws])
        #expect(again.status == 1)
        #expect(again.stderr == "rlcm: error: custom connector 'Billing Hub': its latest version, 1, is already the released one; push a new version with 'rlcm connector push --title \"Billing Hub\" --code FILE', then release it\n", "\(again.stderr)")
        #expect(treeDigest(ws) == before)

        try Pkg.write("{ title: 'Billing', v: 2 }\n", to: code)
        let second = try Pkg.object(CLI.run(["connector", "push", "-C", ws, "--title", "Billing Hub", "--code", code, "--note", "second", "--json"]).check().stdout)
        #expect(second["action"] as? String == "version_added")
        #expect(second["version_no"] as? Int == 2)
        #expect(second["released_version"] as? Int == 1)
        #expect(second["provider_key"] as? String == key)
        try Pkg.write("{ title: 'Billing', v: 3 }\n", to: code)
        try CLI.run(["connector", "push", "-C", ws, "--title", "Billing Hub", "--code", code, "--note", "third", "--release"]).check()

        let list = try CLI.run(["connector", "list", "-C", ws, "--json"]).check()
        try Pkg.expectValid(list.stdout, against: "connector-list")
        let rows = try Pkg.object(list.stdout)["connectors"] as? [[String: Any]] ?? []
        #expect(rows.count == 1)
        #expect(rows.first?["released_version"] as? Int == 3)
        #expect(rows.first?["latest_version"] as? Int == 3)

        let show = try CLI.run(["connector", "show", "Billing Hub", "-C", ws, "--json"]).check()
        try Pkg.expectValid(show.stdout, against: "connector-show")
        let detail = try Pkg.object(show.stdout)
        let versions = detail["versions"] as? [[String: Any]] ?? []
        #expect(versions.map { $0["note"] as? String } == ["first", "second", "third"])
        #expect(versions.map { $0["released"] as? Bool } == [false, false, true])
        #expect(versions.map { $0["latest"] as? Bool } == [false, false, true])
        #expect((detail["recipes"] as? [Any])?.isEmpty == true)
        let showText = try CLI.run(["connector", "show", "Billing Hub", "-C", ws]).check().stdout
        #expect(showText.contains(key))
        #expect(showText.contains("v3 [released, latest]"))
        #expect(showText.contains("second"))

        let unknown = try CLI.run(["connector", "show", "Nope", "-C", ws])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("Nope") && unknown.stderr.contains("Billing Hub"), "\(unknown.stderr)")
        let releaseUnknown = try CLI.run(["connector", "release", "Nope", "-C", ws])
        #expect(releaseUnknown.status != 0)
        #expect(releaseUnknown.stderr.contains("Nope"), "\(releaseUnknown.stderr)")
        let badLogo = try CLI.run(["connector", "push", "-C", ws, "--title", "Billing Hub", "--code", code, "--logo", code])
        #expect(badLogo.status != 0)
        #expect(badLogo.stderr.contains("c.rb"), "\(badLogo.stderr)")
        let noCode = try CLI.run(["connector", "push", "-C", ws, "--title", "Billing Hub", "--code", tmp.file("absent.rb")])
        #expect(noCode.status != 0)
        #expect(noCode.stderr.contains("absent.rb"), "\(noCode.stderr)")
        // Failed pushes added no version.
        #expect((try Pkg.object(CLI.run(["connector", "show", "Billing Hub", "-C", ws, "--json"]).check().stdout)["versions"] as? [Any])?.count == 3)
    }

    @Test("connector show lists the recipes using the connector; keys differ between workspaces")
    func connectorShowRecipes() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        let key = try OrderSync.sandbox(at: ws, versions: 4, released: 3)
        try CLI.run(["recipe", "start", Self.newOrder, "-C", ws]).check()
        let show = try CLI.run(["connector", "show", "Acme ERP", "-C", ws, "--json"]).check()
        try Pkg.expectValid(show.stdout, against: "connector-show")
        let detail = try Pkg.object(show.stdout)
        #expect(detail["provider_key"] as? String == key)
        #expect(key.wholeMatch(of: /acme_erp_connector_\d+_\d+/) != nil, "\(key)")
        #expect(detail["released_version"] as? Int == 3)
        #expect(detail["latest_version"] as? Int == 4)
        let versions = detail["versions"] as? [[String: Any]] ?? []
        #expect(versions.map { $0["version_no"] as? Int } == [1, 2, 3, 4])
        #expect(versions.map { $0["note"] as? String } == (1...4).map { "Acme ERP version \($0)" })
        let recipes = detail["recipes"] as? [[String: Any]] ?? []
        #expect(Set(recipes.compactMap { $0["path"] as? String }) == [Self.newOrder, Self.getStatus])
        #expect(recipes.first { $0["path"] as? String == Self.newOrder }?["running"] as? Bool == true)
        #expect(recipes.first { $0["path"] as? String == Self.getStatus }?["running"] as? Bool == false)
        let text = try CLI.run(["connector", "show", "Acme ERP", "-C", ws]).check().stdout
        #expect(text.contains(Self.newOrder) && text.contains(Self.getStatus))
        #expect(text.contains("Acme ERP version 3"))

        let other = tmp.file("other")
        let otherKey = try OrderSync.sandbox(at: other, environment: "production")
        #expect(otherKey != key)
    }

    @Test("recipe start, stop and list keep state in .rlcm/recipes.json and never touch the recipe file")
    func recipeStates() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        let recipe = ws + "/" + Self.newOrder
        let bytes = readAll(recipe)
        let project = treeDigest(ws + "/Order Sync")

        let started = try CLI.run(["recipe", "start", Self.newOrder, "-C", ws, "--json"]).check()
        try Pkg.expectValid(started.stdout, against: "recipe-list")
        let state = try Pkg.object(Pkg.text(ws + "/.rlcm/recipes.json"))
        #expect(state["running"] as? [String] == [Self.newOrder])
        #expect(readAll(recipe) == bytes)
        #expect(treeDigest(ws + "/Order Sync") == project)

        // Start from a nested folder (discovery); the path stays workspace-relative.
        try CLI.run(["recipe", "start", Self.getStatus], in: ws + "/Order Sync/api").check()
        let list = try CLI.run(["recipe", "list", "-C", ws, "--json"]).check()
        try Pkg.expectValid(list.stdout, against: "recipe-list")
        let rows = try Pkg.object(list.stdout)["recipes"] as? [[String: Any]] ?? []
        let running = Dictionary(rows.map { ($0["path"] as? String ?? "", $0["running"] as? Bool ?? false) }, uniquingKeysWith: { a, _ in a })
        #expect(running == [Self.newOrder: true, Self.getStatus: true, "Order Sync/orders/notify_ops_channel.recipe.json": false])

        try CLI.run(["recipe", "stop", Self.newOrder, "-C", ws]).check()
        #expect(try Pkg.object(Pkg.text(ws + "/.rlcm/recipes.json"))["running"] as? [String] == [Self.getStatus])
        let text = try CLI.run(["recipe", "list", "-C", ws]).check().stdout
        #expect(text.contains("running") && text.contains("stopped"))
        #expect(readAll(recipe) == bytes)
        #expect(treeDigest(ws + "/Order Sync") == project)

        let before = treeDigest(ws)
        let missing = try CLI.run(["recipe", "start", "Order Sync/orders/ghost.recipe.json", "-C", ws])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("Order Sync/orders/ghost.recipe.json"), "\(missing.stderr)")
        let connection = "Order Sync/connections/ops_slack.connection.json"
        let notRecipe = try CLI.run(["recipe", "stop", connection, "-C", ws])
        #expect(notRecipe.status != 0)
        #expect(notRecipe.stderr.contains(connection) && notRecipe.stderr.contains("not a recipe"), "\(notRecipe.stderr)")
        let folder = try CLI.run(["recipe", "start", "Order Sync/orders", "-C", ws])
        #expect(folder.status != 0)
        #expect(folder.stderr.contains("Order Sync/orders"), "\(folder.stderr)")
        // Paths that leave the workspace are refused, even when the file exists.
        try Pkg.write("{}\n", to: tmp.file("outside.recipe.json"))
        for outside in ["../outside.recipe.json", "Order Sync/../../outside.recipe.json"] {
            let escape = try CLI.run(["recipe", "start", outside, "-C", ws])
            #expect(escape.status != 0, "\(outside) was accepted")
            #expect(escape.stderr.contains(outside), "\(escape.stderr)")
        }
        #expect(treeDigest(ws) == before)
    }
}
