import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// `rlcm export` and `rlcm manifest` on real sandbox workspaces in temporary folders, read back
/// with `ZipReader` and cross-checked with Info-ZIP and bsdtar. Every test has its own folder.
@Suite("Export")
struct ExportTests {
    static let newOrder = "Order Sync/orders/new_order_to_fulfilment.recipe.json"
    static let notifyOps = "Order Sync/orders/notify_ops_channel.recipe.json"
    static let getStatus = "Order Sync/api/get_order_status.recipe.json"
    static let opsSlack = "Order Sync/connections/ops_slack.connection.json"
    static let acmeConnection = "Order Sync/connections/acme_erp_production.connection.json"
    /// The package the whole "Order Sync" project exports to (entry names).
    static let projectEntries = [
        "acme_erp.custom_adapter.json", "acme_erp.custom_adapter.png", "acme_erp.custom_adapter.rb",
        "api/get_order_status.api_endpoint.json", "api/get_order_status.recipe.json", "api/orders_api.api_group.json",
        "connections/acme_erp_production.connection.json", "connections/ops_slack.connection.json",
        "orders/new_order_to_fulfilment.recipe.json", "orders/notify_ops_channel.recipe.json",
    ]

    /// Exports and checks that the run succeeded; returns the parsed `--json` report.
    @discardableResult
    func export(_ ws: String, _ folder: String, to output: String, _ extra: [String] = []) throws -> [String: Any] {
        let result = try CLI.run(["export", folder, "-C", ws, "-o", output, "--json"] + extra).check()
        try Pkg.expectValid(result.stdout, against: "export-report")
        return try Pkg.object(result.stdout)
    }

    @Test("the released version (3 of 4) is packed with its note and code; releasing 5 changes the next export")
    func releasedConnectorVersion() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws, versions: 4, released: 3)

        let first = tmp.file("v3.zip")
        let report = try export(ws, "Order Sync", to: first)
        #expect(try Pkg.crossCheck(first) == Self.projectEntries)
        var entries = try Pkg.entries(first)
        var metadata = try Pkg.object(bytes: entries["acme_erp.custom_adapter.json"] ?? [])
        #expect(metadata["version_no"] as? Int == 3)
        #expect(metadata["note"] as? String == "Acme ERP version 3")
        #expect(metadata["title"] as? String == "Acme ERP")
        #expect(entries["acme_erp.custom_adapter.rb"] == (try Pkg.acmeCode(version: 3)))
        #expect(entries["acme_erp.custom_adapter.png"] == readAll(OrderSync.folder + "/acme_erp.custom_adapter.png"))
        // The package never carries the store's id or provider key.
        #expect(!Set(metadata.keys).contains("provider_key") && !Set(metadata.keys).contains("id"))
        let packed = report["connectors"] as? [[String: Any]] ?? []
        #expect(packed.count == 1)
        #expect(packed.first?["version_no"] as? Int == 3)
        #expect(packed.first?["note"] as? String == "Acme ERP version 3")
        #expect(report["sha256"] as? String == Hashing.sha256(readAll(first)))

        let v5 = tmp.file("v5.rb")
        try Pkg.write("# a brand new version five\n", to: v5)
        try CLI.run(["connector", "push", "-C", ws, "--title", "Acme ERP", "--code", v5, "--note", "Five: cancel orders"]).check()
        // Pushed but not released: the export still carries 3.
        let stillThree = tmp.file("still3.zip")
        try export(ws, "Order Sync", to: stillThree)
        #expect(try Pkg.object(bytes: Pkg.entries(stillThree)["acme_erp.custom_adapter.json"] ?? [])["version_no"] as? Int == 3)
        #expect(readAll(stillThree) == readAll(first))

        try CLI.run(["connector", "release", "Acme ERP", "-C", ws]).check()
        let second = tmp.file("v5.zip")
        let report5 = try export(ws, "Order Sync", to: second)
        #expect(try Pkg.crossCheck(second) == Self.projectEntries)
        entries = try Pkg.entries(second)
        metadata = try Pkg.object(bytes: entries["acme_erp.custom_adapter.json"] ?? [])
        #expect(metadata["version_no"] as? Int == 5)
        #expect(metadata["note"] as? String == "Five: cancel orders")
        #expect(entries["acme_erp.custom_adapter.rb"] == Array("# a brand new version five\n".utf8))
        #expect((report5["connectors"] as? [[String: Any]])?.first?["version_no"] as? Int == 5)
    }

    @Test("two exports of an unchanged workspace are byte-identical, whatever the cwd, -C or discovery, and file times")
    func deterministic() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        let a = tmp.file("a.zip"), b = tmp.file("b.zip"), c = tmp.file("c.zip")
        try CLI.run(["export", "Order Sync", "-C", ws, "-o", a], in: tmp.path).check()
        // Touch every file: modification times must not leak into the package.
        let enumerator = FileManager.default.enumerator(atPath: ws + "/Order Sync")
        while let relative = enumerator?.nextObject() as? String {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 2_000_000_000)],
                                                  ofItemAtPath: ws + "/Order Sync/" + relative)
        }
        // Discovery from a nested folder, relative output path.
        try CLI.run(["export", "Order Sync", "-o", "../../../b.zip"], in: ws + "/Order Sync/orders").check()
        // -C given relative to another cwd.
        try CLI.run(["export", "Order Sync", "--workspace", "ws", "-o", c], in: tmp.path).check()
        #expect(readAll(a).count > 0)
        #expect(readAll(a) == readAll(b))
        #expect(readAll(a) == readAll(c))
        for zip in [a, b, c] { try Pkg.crossCheck(zip) }
        // Fixed times; entries in a fixed order: the folder's own files, then its dependencies, then the connector trios.
        let listing = try runTool("zipinfo", ["-T", a])
        #expect(!listing.output.contains("2033"), "file times leaked into the package: \(listing.output)")
        let d = tmp.file("d.zip")
        let assets = try export(ws, "Order Sync/orders", to: d)["assets"] as? [[String: Any]] ?? []
        func names(dependency: Bool) -> [String] {
            assets.filter { $0["dependency"] as? Bool == dependency }.compactMap { $0["zip_name"] as? String }.sorted(by: Self.precedes)
        }
        let entries = try ZipReader(path: d).entries.map(\.path)
        let trios = entries.filter { $0.contains(".custom_adapter.") }
        #expect(!names(dependency: true).isEmpty && !trios.isEmpty)
        #expect(entries == names(dependency: false) + names(dependency: true) + trios.sorted(by: Self.precedes))
    }

    static func precedes(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }

    @Test("entries carry fixed times and permissions; non-ASCII names are flagged UTF-8 and listed alike by every tool")
    func entryMetadata() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        try Pkg.write("{\"name\": \"Caf\u{e9} \u{2603}\"}\n", to: ws + "/Order Sync/Stra\u{df}e/caf\u{e9}_\u{2603}.lookup_table.json")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: ws + "/" + Self.notifyOps)
        let zip = tmp.file("p.zip")
        try CLI.run(["export", "Order Sync", "-C", ws, "-o", zip]).check()
        let names = try Pkg.crossCheck(zip)
        #expect(names.contains("Stra\u{df}e/caf\u{e9}_\u{2603}.lookup_table.json"), "\(names)")
        // Python's zipfile reads the central directory: flag bits, Unix mode and DOS time of every entry.
        let script = "import sys, zipfile\nfor i in zipfile.ZipFile(sys.argv[1]).infolist():\n"
            + "    print('%d %o %s %s' % (i.flag_bits & 0x800, i.external_attr >> 16, '-'.join(map(str, i.date_time)), i.filename))"
        let listing = try runTool("python3", ["-c", script, zip])
        #expect(listing.status == 0, "\(listing.output)")
        let lines = listing.output.split(separator: "\n").map(String.init)
        #expect(lines.count == names.count)
        for line in lines {
            let name = String(line.split(separator: " ", maxSplits: 3)[3])
            let utf8 = name.unicodeScalars.contains { !$0.isASCII }
            // Bit 11 is required for non-ASCII names; for ASCII names either way is correct.
            let fields = line.split(separator: " ", maxSplits: 3)
            #expect(!utf8 || fields[0] == "2048", "\(line)")
            #expect(fields[1] == "100644" && fields[2] == "1980-1-1-0-0-0", "\(line)")
        }
    }

    @Test("exporting into the exported folder does not pack the previous package")
    func outputInsideExportedFolder() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        let inside = ws + "/Order Sync/pkg.zip"
        try CLI.run(["export", "Order Sync", "-C", ws, "-o", inside]).check()
        let first = readAll(inside)
        try CLI.run(["export", "Order Sync", "-C", ws, "-o", inside]).check()
        let entries = try Pkg.entries(inside)
        #expect(!entries.keys.contains("pkg.zip"))
        #expect(readAll(inside) == first)
    }

    @Test("a dangling flow_id fails naming file and JSON path, leaves no file; --allow-unresolved exports and reports it")
    func danglingFlowId() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        try Pkg.edit(ws + "/" + Self.newOrder, replacing: "\"zip_name\": \"orders/notify_ops_channel.recipe.json\"",
                     with: "\"zip_name\": \"orders/missing_recipe.recipe.json\"")
        let out = tmp.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let before = treeDigest(ws)
        let result = try CLI.run(["export", "Order Sync", "-C", ws, "-o", out + "/pkg.zip"])
        #expect(result.status != 0)
        #expect(result.stderr.contains(Self.newOrder), "\(result.stderr)")
        #expect(result.stderr.contains("$.code.block[1].block[0].input.flow_id"), "\(result.stderr)")
        #expect(result.stderr.contains("orders/missing_recipe.recipe.json"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(Pkg.listing(out).isEmpty, "left behind: \(Pkg.listing(out))")
        #expect(treeDigest(ws) == before)

        let report = try export(ws, "Order Sync", to: out + "/pkg.zip", ["--allow-unresolved"])
        let unresolved = report["unresolved"] as? [[String: Any]] ?? []
        #expect(unresolved.count == 1)
        #expect(unresolved.first?["file"] as? String == Self.newOrder)
        #expect(unresolved.first?["json_path"] as? String == "$.code.block[1].block[0].input.flow_id")
        #expect(unresolved.first?["target"] as? String == "orders/missing_recipe.recipe.json")
        #expect(Pkg.listing(out) == ["pkg.zip"])
        let names = try Pkg.crossCheck(out + "/pkg.zip")
        // The callable recipe is no longer reached from orders/, but the project export holds it anyway.
        #expect(names == Self.projectEntries)
        // Text output reports it too.
        let text = try CLI.run(["export", "Order Sync", "-C", ws, "-o", out + "/pkg2.zip", "--allow-unresolved"]).check()
        #expect(text.stdout.contains("Unresolved references"))
        #expect(text.stdout.contains("orders/missing_recipe.recipe.json"))
    }

    @Test("a provider key not in the connector store fails naming file and JSON path, leaves no file")
    func unknownProviderKey() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        let key = try OrderSync.sandbox(at: ws)
        let ghost = "ghost_erp_connector_999_1700000000"
        try Pkg.edit(ws + "/" + Self.getStatus, replacing: key, with: ghost)
        let out = tmp.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let result = try CLI.run(["export", "Order Sync", "-C", ws, "-o", out + "/pkg.zip"])
        #expect(result.status != 0)
        #expect(result.stderr.contains(Self.getStatus), "\(result.stderr)")
        #expect(result.stderr.contains(ghost), "\(result.stderr)")
        #expect(result.stderr.contains("$.code.block[0].provider"), "\(result.stderr)")
        #expect(result.stderr.contains("used here and in 1 more place)") && !result.stderr.contains("$.config[1].provider"), "\(result.stderr)")
        #expect(Pkg.listing(out).isEmpty, "left behind: \(Pkg.listing(out))")

        let report = try export(ws, "Order Sync", to: out + "/pkg.zip", ["--allow-unresolved"])
        let unresolved = report["unresolved"] as? [[String: Any]] ?? []
        #expect(!unresolved.isEmpty)
        #expect(unresolved.allSatisfy { $0["file"] as? String == Self.getStatus && $0["target"] as? String == ghost })
        try Pkg.crossCheck(out + "/pkg.zip")
    }

    @Test("a connector with no released version fails the export naming the connector and the recipe")
    func unreleasedConnector() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws, versions: 2, released: nil)
        let out = tmp.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let result = try CLI.run(["export", "Order Sync/orders", "-C", ws, "-o", out + "/pkg.zip"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Acme ERP"), "\(result.stderr)")
        #expect(result.stderr.contains(Self.newOrder), "\(result.stderr)")
        #expect(result.stderr.contains("no released version"), "\(result.stderr)")
        #expect(Pkg.listing(out).isEmpty, "left behind: \(Pkg.listing(out))")
    }

    @Test("a subfolder export pulls in its dependencies outside the folder at their project-relative paths")
    func subfolderDependencies() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        let zip = tmp.file("orders.zip")
        let report = try export(ws, "Order Sync/orders", to: zip)
        #expect(try Pkg.crossCheck(zip) == [
            "acme_erp.custom_adapter.json", "acme_erp.custom_adapter.png", "acme_erp.custom_adapter.rb",
            "connections/acme_erp_production.connection.json", "connections/ops_slack.connection.json",
            "orders/new_order_to_fulfilment.recipe.json", "orders/notify_ops_channel.recipe.json",
        ])
        #expect(report["project"] as? String == "Order Sync")
        #expect(report["folder"] as? String == "Order Sync/orders")
        let assets = report["assets"] as? [[String: Any]] ?? []
        let dependencies = Set(assets.filter { $0["dependency"] as? Bool == true }.compactMap { $0["path"] as? String })
        #expect(dependencies == [Self.acmeConnection, Self.opsSlack])
        let entries = try Pkg.entries(zip)
        #expect(entries["orders/new_order_to_fulfilment.recipe.json"] == readAll(ws + "/" + Self.newOrder))
        #expect(entries["connections/ops_slack.connection.json"] == readAll(ws + "/" + Self.opsSlack))
        // A deeper folder: the callable recipe in a sibling folder is a dependency too.
        try FileManager.default.createDirectory(atPath: ws + "/Order Sync/orders/large", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: ws + "/" + Self.newOrder, toPath: ws + "/Order Sync/orders/large/new_order_to_fulfilment.recipe.json")
        let deep = tmp.file("deep.zip")
        try export(ws, "Order Sync/orders/large", to: deep)
        #expect(try Pkg.crossCheck(deep) == [
            "acme_erp.custom_adapter.json", "acme_erp.custom_adapter.png", "acme_erp.custom_adapter.rb",
            "connections/acme_erp_production.connection.json", "connections/ops_slack.connection.json",
            "orders/large/new_order_to_fulfilment.recipe.json", "orders/notify_ops_channel.recipe.json",
        ])
    }

    @Test("a dependency in another project lands under that project's name in the package")
    func crossProjectDependency() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        try FileManager.default.createDirectory(atPath: ws + "/Shared Connections", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: ws + "/" + Self.opsSlack, toPath: ws + "/Shared Connections/ops_slack.connection.json")
        try Pkg.edit(ws + "/" + Self.notifyOps, replacing: "\"zip_name\": \"connections/ops_slack.connection.json\"",
                     with: "\"zip_name\": \"Shared Connections/ops_slack.connection.json\"")
        try Pkg.edit(ws + "/" + Self.notifyOps, replacing: "\"folder\": \"connections\"", with: "\"folder\": \"Shared Connections\"")
        for folder in ["Order Sync/orders", "Order Sync"] {
            let zip = tmp.file("\(folder.count).zip")
            let report = try export(ws, folder, to: zip)
            let names = try Pkg.crossCheck(zip)
            #expect(names.contains("Shared Connections/ops_slack.connection.json"), "\(names)")
            #expect(!names.contains("connections/ops_slack.connection.json"))
            #expect(names.contains("connections/acme_erp_production.connection.json"))
            let entries = try Pkg.entries(zip)
            #expect(entries["Shared Connections/ops_slack.connection.json"] == readAll(ws + "/Shared Connections/ops_slack.connection.json"))
            #expect(entries["orders/notify_ops_channel.recipe.json"] == readAll(ws + "/" + Self.notifyOps))
            let assets = report["assets"] as? [[String: Any]] ?? []
            let shared = assets.first { $0["path"] as? String == "Shared Connections/ops_slack.connection.json" }
            #expect(shared?["zip_name"] as? String == "Shared Connections/ops_slack.connection.json")
            #expect(shared?["dependency"] as? Bool == true)
            // Our own package inspects without problems: the cross-project reference resolves inside it.
            let inspect = try CLI.run(["inspect", zip, "--json"]).check()
            #expect((try Pkg.object(inspect.stdout)["problems"] as? [Any])?.isEmpty == true, "\(inspect.stdout)")
        }
    }

    @Test("unchanged files travel byte for byte, unknown types and non-assets included; connection credentials are removed and reported")
    func bytesAndCredentials() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        let project = ws + "/Order Sync"
        let lookup = "{\n  \"name\": \"Warehouses\",\n  \"schema\": [ {\"label\": \"code\"} ],\n  \"rows\": [[\"W1\"]]\n}"  // no final newline, odd spacing
        try Pkg.write(lookup, to: project + "/x.lookup_table.json")
        try Pkg.write("{\"name\":\"Notes\",\"body\":\"caf\u{e9} \u{2603}\"}\n", to: project + "/templates/notes.workato_template.json")
        try Pkg.write("Read me: not an asset.\r\n", to: project + "/README.txt")
        try Pkg.edit(ws + "/" + Self.opsSlack, replacing: "  \"root_folder\": false\n",
                     with: "  \"root_folder\": false,\n  \"password\": \"hunter2\",\n  \"api_key\": \"sk-secret\"\n")
        try Pkg.edit(ws + "/" + Self.acmeConnection, replacing: "  \"name\": \"Acme ERP (production)\",\n",
                     with: "  \"name\": \"Acme ERP (production)\",\n  \"client_secret\": \"s3cr3t\",\n")

        let zip = tmp.file("p.zip")
        let report = try export(ws, "Order Sync", to: zip)
        let names = try Pkg.crossCheck(zip)
        #expect(names == (Self.projectEntries + ["README.txt", "templates/notes.workato_template.json", "x.lookup_table.json"])
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        let entries = try Pkg.entries(zip)
        for name in names where !name.hasPrefix("acme_erp.custom_adapter.") && !name.hasPrefix("connections/") {
            #expect(entries[name] == readAll(project + "/" + name), "\(name) changed on the way")
        }
        let types = Dictionary((report["assets"] as? [[String: Any]] ?? []).map { ($0["zip_name"] as? String ?? "", $0["type"] as? String ?? "") },
                               uniquingKeysWith: { a, _ in a })
        #expect(types["x.lookup_table.json"] == "lookup_table")
        #expect(types["templates/notes.workato_template.json"] == "workato_template")
        #expect(types["README.txt"] == "file")

        for (entry, secrets) in [("connections/ops_slack.connection.json", ["hunter2", "sk-secret"]),
                                 ("connections/acme_erp_production.connection.json", ["s3cr3t"])] {
            let bytes = entries[entry] ?? []
            let object = try Pkg.object(bytes: bytes)
            #expect(Set(object.keys) == ["name", "provider", "root_folder"], "\(entry): \(object.keys)")
            for secret in secrets { #expect(!String(decoding: bytes, as: UTF8.self).contains(secret)) }
            // Only the credential keys went: the rest is the fixture's file as it was.
            #expect(bytes == readAll(OrderSync.folder + "/" + entry), "\(entry):\n\(String(decoding: bytes, as: UTF8.self))")
        }
        // The workspace's own files are untouched.
        #expect(try Pkg.text(ws + "/" + Self.opsSlack).contains("hunter2"))
        let notes = (report["notes"] as? [String] ?? []).joined(separator: "\n")
        #expect(notes.contains(Self.opsSlack) && notes.contains("password") && notes.contains("api_key"), "\(notes)")
        #expect(notes.contains(Self.acmeConnection) && notes.contains("client_secret"), "\(notes)")
        #expect(!notes.contains("hunter2") && !notes.contains("sk-secret"))
    }

    @Test("property values never leave the workspace: names travel in their order, every value null; all-null files travel byte for byte")
    func propertyValuesStayHome() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        let account = ws + "/account_properties.properties.json"
        let project = ws + "/Order Sync/properties.project_properties.json"
        let allNull = ws + "/Order Sync/orders/properties.project_properties.json"
        let accountText = "{\"zeta.url\": \"https://erp.example\", \"Accl.AOF.throttle_switch\": true,\n \"unset\": null, \"limits\": {\"max\": 5}}\n"
        let projectText = "{\n  \"data\": {\n    \"abc.def\": \"s3cret-value\",\n    \"Jira Account Id\": 42\n  },\n  \"folder\": \"Order Sync\"\n}"
        let allNullText = "{\"data\":{\"region\":null}}"
        try Pkg.write(accountText, to: account)
        try Pkg.write(projectText, to: project)
        try Pkg.write(allNullText, to: allNull)

        let zip = tmp.file("p.zip"), again = tmp.file("again.zip")
        try export(ws, "Order Sync", to: zip)
        try export(ws, "Order Sync", to: again)
        #expect(readAll(zip) == readAll(again), "a package with property files is not deterministic")
        let entries = try Pkg.entries(zip)
        #expect(String(decoding: entries["account_properties.properties.json"] ?? [], as: UTF8.self)
            == "{\n  \"zeta.url\": null,\n  \"Accl.AOF.throttle_switch\": null,\n  \"unset\": null,\n  \"limits\": null\n}\n")
        #expect(String(decoding: entries["properties.project_properties.json"] ?? [], as: UTF8.self)
            == "{\n  \"data\": {\n    \"abc.def\": null,\n    \"Jira Account Id\": null\n  },\n  \"folder\": \"Order Sync\"\n}\n")
        #expect(entries["orders/properties.project_properties.json"] == Array(allNullText.utf8), "an all-null file changed on the way")
        // The workspace keeps its values.
        for (file, text) in [(account, accountText), (project, projectText), (allNull, allNullText)] {
            #expect(readAll(file) == Array(text.utf8), "\(file) changed")
        }

        // A property file that does not parse, or a project one without its `data` object, is
        // refused naming the file; no package is left.
        try Pkg.write("{\"zeta.url\": \"https://erp.example\",}", to: account)
        let unparsed = try CLI.run(["export", "Order Sync", "-C", ws, "-o", tmp.file("refused.zip")])
        #expect(unparsed.status == 1)
        #expect(unparsed.stderr.contains("account_properties.properties.json: $"), "\(unparsed.stderr)")
        try Pkg.write(accountText, to: account)
        try Pkg.write("{\"abc.def\": \"s3cret-value\"}", to: project)
        let noData = try CLI.run(["export", "Order Sync", "-C", ws, "-o", tmp.file("refused.zip")])
        #expect(noData.status == 1)
        #expect(noData.stderr.contains("Order Sync/properties.project_properties.json") && noData.stderr.contains("\"data\""), "\(noData.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp.file("refused.zip")))
    }

    @Test("rlcm manifest validates against its schema; an unchecked asset is left out of export --manifest")
    func manifestRoundTrip() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        let printed = try CLI.run(["manifest", "Order Sync", "-C", ws]).check()
        try Pkg.expectValid(printed.stdout, against: "export-manifest")
        let file = tmp.file("manifest.json")
        try CLI.run(["manifest", "Order Sync", "-C", ws, "-o", file]).check()
        #expect(readAll(file) == Array(printed.stdout.utf8))
        var manifest = try Pkg.object(Pkg.text(file))
        var assets = manifest["assets"] as? [[String: Any]] ?? []
        #expect(assets.allSatisfy { $0["checked"] as? Bool == true })
        #expect(Set(assets.compactMap { $0["zip_name"] as? String }) == Set(Self.projectEntries.filter { !$0.hasSuffix(".rb") && !$0.hasSuffix(".png") }))

        let endpoint = "Order Sync/api/get_order_status.api_endpoint.json"
        let index = try #require(assets.firstIndex { $0["path"] as? String == endpoint })
        assets[index]["checked"] = false
        manifest["assets"] = assets
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: file))
        try Pkg.expectValid(Pkg.text(file), against: "export-manifest")
        let zip = tmp.file("m.zip")
        let result = try CLI.run(["export", "--manifest", file, "-C", ws, "-o", zip, "--json"]).check()
        try Pkg.expectValid(result.stdout, against: "export-report")
        #expect(try Pkg.crossCheck(zip) == Self.projectEntries.filter { $0 != "api/get_order_status.api_endpoint.json" })

        // The same manifest unedited exports what `export FOLDER` exports, byte for byte.
        let plain = tmp.file("plain.zip"), viaManifest = tmp.file("via.zip")
        try CLI.run(["export", "Order Sync", "-C", ws, "-o", plain]).check()
        let unedited = tmp.file("unedited.json")
        try Pkg.write(printed.stdout, to: unedited)
        try CLI.run(["export", "--manifest", unedited, "-C", ws, "-o", viaManifest]).check()
        #expect(readAll(plain) == readAll(viaManifest))
    }

    @Test("a connector's used_by lists only what the package carries: a recipe the manifest leaves out uses nothing in it")
    func usedByListsPackedAssets() throws {
        let tmp = TempDir()
        let samples = try tmp.samples()
        let result = try CLI.run(["export", "--manifest", "manifests/order-sync-without-api.manifest.json", "-C", "sandbox", "-o", "x.zip", "--json"],
                                 in: samples).check()
        let connectors = try Pkg.object(result.stdout)["connectors"] as? [[String: Any]] ?? []
        let acme = try #require(connectors.first { $0["title"] as? String == "Acme ERP" })
        #expect(acme["used_by"] as? [String] == ["Order Sync/connections/acme_erp_sandbox.connection.json", "Order Sync/orders/new_order_to_fulfilment.recipe.json",
                                                 "Order Sync/orders/track_shipment.recipe.json"], "\(acme)")
        let packed = Set(try Pkg.entries(samples + "/x.zip").keys)
        #expect(!packed.contains("api/get_order_status.recipe.json"))
    }

    @Test("a connection a manifest leaves out is packed as a reference and reported as excluded, not as an error; the package imports with a warning")
    func manifestExcludesConnection() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        let file = tmp.file("manifest.json")
        try CLI.run(["manifest", "Order Sync", "-C", ws, "-o", file]).check()
        var manifest = try Pkg.object(Pkg.text(file))
        var assets = manifest["assets"] as? [[String: Any]] ?? []
        let slack = "Order Sync/connections/ops_slack.connection.json"
        let index = try #require(assets.firstIndex { $0["path"] as? String == slack })
        assets[index]["checked"] = false
        manifest["assets"] = assets
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: file))
        let zip = tmp.file("m.zip")
        let result = try CLI.run(["export", "--manifest", file, "-C", ws, "-o", zip, "--json"]).check()
        try Pkg.expectValid(result.stdout, against: "export-report")
        let excluded = try Pkg.object(result.stdout)["excluded"] as? [[String: Any]] ?? []
        #expect(excluded.count == 1)
        #expect(excluded.first?["path"] as? String == slack && excluded.first?["type"] as? String == "connection")
        #expect(excluded.first?["referenced_by"] as? [String] == ["Order Sync/orders/notify_ops_channel.recipe.json"])
        #expect(try Pkg.entries(zip)["connections/ops_slack.connection.json"] == nil)
        let text = try CLI.run(["export", "--manifest", file, "-C", ws, "-o", zip]).check().stdout
        #expect(text.contains("Excluded by the manifest") && text.contains("connections/ops_slack.connection.json"), "\(text)")

        // Into a target that has no such connection: a warning that names it, and the import goes ahead.
        let target = tmp.file("target")
        try CLI.run(["init", target, "--name", "Target"]).check()
        let plan = try CLI.run(["plan", zip, "--into", "Order Sync", "-C", target, "--json"]).check()
        let unresolved = try Pkg.object(plan.stdout)["unresolved"] as? [[String: Any]] ?? []
        #expect(unresolved.map { $0["zip_name"] as? String } == ["connections/ops_slack.connection.json"])
        #expect(unresolved.first?["asset"] as? String == "Order Sync/orders/notify_ops_channel.recipe.json")
        #expect(unresolved.first?["json_path"] as? String == "$.config[1].account_id")
    }

    @Test("a manifest naming a missing path fails with the manifest and the JSON path; nothing is written")
    func manifestMissingPath() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        let file = tmp.file("manifest.json")
        try CLI.run(["manifest", "Order Sync/orders", "-C", ws, "-o", file]).check()
        var manifest = try Pkg.object(Pkg.text(file))
        var assets = manifest["assets"] as? [[String: Any]] ?? []
        let index = try #require(assets.firstIndex { $0["path"] as? String == Self.notifyOps })
        assets[index]["path"] = "Order Sync/orders/gone.recipe.json"
        assets[index]["zip_name"] = "orders/gone.recipe.json"
        manifest["assets"] = assets
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: file))
        let out = tmp.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let result = try CLI.run(["export", "--manifest", file, "-C", ws, "-o", out + "/m.zip"])
        #expect(result.status != 0)
        #expect(result.stderr.contains(file), "\(result.stderr)")
        #expect(result.stderr.contains("$.assets[\(index)].path"), "\(result.stderr)")
        #expect(result.stderr.contains("Order Sync/orders/gone.recipe.json"), "\(result.stderr)")
        #expect(Pkg.listing(out).isEmpty)

        // A field of the wrong type names the manifest and the JSON path.
        assets[index]["path"] = Self.notifyOps
        assets[index]["zip_name"] = "orders/notify_ops_channel.recipe.json"
        assets[index]["checked"] = "yes"
        manifest["assets"] = assets
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: file))
        let wrongType = try CLI.run(["export", "--manifest", file, "-C", ws, "-o", out + "/m.zip"])
        #expect(wrongType.status != 0)
        #expect(wrongType.stderr.contains(file) && wrongType.stderr.contains("$.assets[\(index)].checked"), "\(wrongType.stderr)")
        #expect(Pkg.listing(out).isEmpty)

        // Unchecking the custom connector leaves its trio out.
        assets[index]["checked"] = true
        for i in assets.indices where assets[i]["type"] as? String == "custom_adapter" { assets[i]["checked"] = false }
        manifest["assets"] = assets
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: file))
        try CLI.run(["export", "--manifest", file, "-C", ws, "-o", out + "/noconnector.zip"]).check()
        #expect(try Pkg.crossCheck(out + "/noconnector.zip") == [
            "connections/acme_erp_production.connection.json", "connections/ops_slack.connection.json",
            "orders/new_order_to_fulfilment.recipe.json", "orders/notify_ops_channel.recipe.json",
        ])
        try FileManager.default.removeItem(atPath: out + "/noconnector.zip")

        // A manifest that is not valid JSON names the file and where it breaks.
        try Pkg.write("{\n  \"name\": \"orders\",\n  \"folder\": \"Order Sync/orders\",\n  \"assets\": [ {\"type\": \"recipe\" ]\n}\n", to: file)
        let broken = try CLI.run(["export", "--manifest", file, "-C", ws, "-o", out + "/m.zip"])
        #expect(broken.status != 0)
        #expect(broken.stderr.contains(file), "\(broken.stderr)")
        #expect(Pkg.listing(out).isEmpty)
    }

    @Test("a connector trio left in the tree, or an asset that is not JSON, fail naming the files; an existing package survives a failed export; names that differ only in case are kept")
    func entryNameConflicts() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        let zip = tmp.file("pkg.zip")
        try CLI.run(["export", "Order Sync", "-C", ws, "-o", zip]).check()
        let good = readAll(zip)

        // The folder's files are being packed while the broken one is read: the package must not survive that.
        let recipe = readAll(ws + "/" + Self.notifyOps)
        try Pkg.edit(ws + "/" + Self.notifyOps, replacing: "\"name\":", with: "\"name\" ")
        let broken = try CLI.run(["export", "Order Sync", "-C", ws, "-o", zip])
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("orders/notify_ops_channel.recipe.json") && broken.stderr.contains("':' after the key"), "\(broken.stderr)")
        #expect(readAll(zip) == good, "a failed export replaced the existing package")
        #expect(Pkg.listing(tmp.path) == ["pkg.zip", "ws"])
        try Data(recipe).write(to: URL(fileURLWithPath: ws + "/" + Self.notifyOps))

        // Names that differ only in letter case are two files of this file system, and two entries,
        // as the platform writes them.
        try Pkg.write("{\"name\": \"upper\"}\n", to: ws + "/Order Sync/X.lookup_table.json")
        try Pkg.write("{\"name\": \"lower\"}\n", to: ws + "/Order Sync/x.lookup_table.json")
        let caseKept = tmp.file("case.zip")
        try CLI.run(["export", "Order Sync", "-C", ws, "-o", caseKept]).check()
        let caseEntries = try Pkg.entries(caseKept)
        #expect(caseEntries["X.lookup_table.json"] == Array("{\"name\": \"upper\"}\n".utf8) && caseEntries["x.lookup_table.json"] == Array("{\"name\": \"lower\"}\n".utf8))
        try FileManager.default.removeItem(atPath: caseKept)
        try FileManager.default.removeItem(atPath: ws + "/Order Sync/X.lookup_table.json")
        try FileManager.default.removeItem(atPath: ws + "/Order Sync/x.lookup_table.json")

        // An unzipped Workato export copied in whole still holds the connector trio.
        for ext in ["json", "rb", "png"] {
            try FileManager.default.copyItem(atPath: OrderSync.folder + "/acme_erp.custom_adapter." + ext,
                                             toPath: ws + "/Order Sync/acme_erp.custom_adapter." + ext)
        }
        let trio = try CLI.run(["export", "Order Sync", "-C", ws, "-o", zip])
        #expect(trio.status != 0)
        #expect(trio.stderr.contains("'Order Sync/acme_erp.custom_adapter.json'") && trio.stderr.contains("Acme ERP"), "\(trio.stderr)")
        #expect(readAll(zip) == good)

        for ext in ["json", "rb", "png"] { try FileManager.default.removeItem(atPath: ws + "/Order Sync/acme_erp.custom_adapter." + ext) }
        let noFolder = try CLI.run(["export", "Order Sync", "-C", ws, "-o", tmp.file("absent/pkg.zip")])
        #expect(noFolder.status != 0)
        #expect(noFolder.stderr.contains("absent/pkg.zip"), "\(noFolder.stderr)")
    }

    @Test("a manifest of a folder holding a non-asset file validates against the manifest schema")
    func manifestWithNonAssetFile() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        try Pkg.write("Read me.\n", to: ws + "/Order Sync/README.txt")
        try Pkg.write("{\"rows\": []}\n", to: ws + "/Order Sync/x.lookup_table.json")
        let printed = try CLI.run(["manifest", "Order Sync", "-C", ws]).check()
        let assets = try Pkg.object(printed.stdout)["assets"] as? [[String: Any]] ?? []
        #expect(assets.contains { $0["path"] as? String == "Order Sync/README.txt" && $0["type"] as? String == "file" })
        try Pkg.expectValid(printed.stdout, against: "export-manifest")
    }

    @Test("export errors: missing folder, a folder outside any project, FOLDER and --manifest together")
    func argumentErrors() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        try OrderSync.sandbox(at: ws)
        let missing = try CLI.run(["export", "Order Sync/nowhere", "-C", ws, "-o", tmp.file("x.zip")])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("Order Sync/nowhere"), "\(missing.stderr)")
        let both = try CLI.run(["export", "Order Sync", "--manifest", tmp.file("m.json"), "-C", ws, "-o", tmp.file("x.zip")])
        #expect(both.status != 0)
        #expect(!FileManager.default.fileExists(atPath: tmp.file("x.zip")))
    }
}
