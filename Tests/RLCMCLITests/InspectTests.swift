import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// `rlcm inspect` on packages zipped by Info-ZIP (as Workato sends them) and on our own exports.
@Suite("Inspect")
struct InspectTests {
    static let fixtureNote = "Adds the get_invoice action; new_order polls every 5 minutes"

    /// The fixture's dependency edges (from → to), as inspect must report them.
    static let fixtureEdges: Set<[String]> = [
        ["api/get_order_status.api_endpoint.json", "api/get_order_status.recipe.json"],
        ["api/get_order_status.api_endpoint.json", "api/orders_api.api_group.json"],
        ["api/get_order_status.recipe.json", "connections/acme_erp_production.connection.json"],
        ["orders/new_order_to_fulfilment.recipe.json", "connections/acme_erp_production.connection.json"],
        ["orders/notify_ops_channel.recipe.json", "connections/ops_slack.connection.json"],
        ["connections/acme_erp_production.connection.json", "acme_erp.custom_adapter.json"],
        ["orders/new_order_to_fulfilment.recipe.json", "orders/notify_ops_channel.recipe.json"],
    ]

    func edges(_ report: [String: Any]) -> Set<[String]> {
        Set((report["dependencies"] as? [[String: Any]] ?? []).map { [$0["from"] as? String ?? "", $0["to"] as? String ?? ""] })
    }

    @Test("the order-sync fixture zipped with Info-ZIP: 10 files, Acme ERP version 3 with its note, its edges, no problems")
    func fixtureZippedByInfoZip() throws {
        let tmp = TempDir()
        let zip = tmp.file("order-sync.zip")
        try OrderSync.zip(to: zip)
        let result = try CLI.run(["inspect", zip, "--json"]).check()
        try Pkg.expectValid(result.stdout, against: "inspect-report")
        let report = try Pkg.object(result.stdout)
        #expect(report["file_count"] as? Int == 10)
        #expect(report["format_version"] as? Int == outputFormatVersion)
        #expect(report["sha256"] as? String == Hashing.sha256(readAll(zip)))
        let connectors = report["connectors"] as? [[String: Any]] ?? []
        #expect(connectors.count == 1)
        let acme = connectors.first ?? [:]
        #expect(acme["title"] as? String == "Acme ERP")
        #expect(acme["version_no"] as? Int == 3)
        #expect(acme["note"] as? String == Self.fixtureNote)
        #expect(acme["zip_name"] as? String == "acme_erp.custom_adapter.json")
        #expect(Set(acme["files"] as? [String] ?? []) == ["acme_erp.custom_adapter.json", "acme_erp.custom_adapter.rb", "acme_erp.custom_adapter.png"])
        #expect(acme["provider_keys"] as? [String] == [OrderSync.packageKey])
        #expect(edges(report) == Self.fixtureEdges)
        #expect((report["problems"] as? [Any])?.isEmpty == true, "\(report["problems"] ?? "")")
        // Every fixture file is listed (assets plus the connector trio make the 10).
        let assets = Set((report["assets"] as? [[String: Any]] ?? []).compactMap { $0["zip_name"] as? String })
        #expect(assets == ["api/get_order_status.api_endpoint.json", "api/get_order_status.recipe.json", "api/orders_api.api_group.json",
                           "connections/acme_erp_production.connection.json", "connections/ops_slack.connection.json",
                           "orders/new_order_to_fulfilment.recipe.json", "orders/notify_ops_channel.recipe.json"])
        let types = Dictionary((report["assets"] as? [[String: Any]] ?? []).map { ($0["zip_name"] as? String ?? "", $0["type"] as? String ?? "") },
                               uniquingKeysWith: { a, _ in a })
        #expect(types["api/orders_api.api_group.json"] == "api_group")
        #expect(types["api/get_order_status.api_endpoint.json"] == "api_endpoint")
        #expect(types["connections/ops_slack.connection.json"] == "connection")

        let text = try CLI.run(["inspect", zip]).check().stdout
        #expect(text.contains("10 files"))
        #expect(text.contains("Acme ERP  version 3"))
        #expect(text.contains(Self.fixtureNote))
        #expect(text.contains("orders/new_order_to_fulfilment.recipe.json -> orders/notify_ops_channel.recipe.json"))
        #expect(text.contains("No problems."))
    }

    @Test("our own export of the fixture inspects the same way, with the store's version and key")
    func ownExport() throws {
        let tmp = TempDir()
        let ws = tmp.file("ws")
        let key = try OrderSync.sandbox(at: ws, versions: 4, released: 3)
        let zip = tmp.file("p.zip")
        try CLI.run(["export", "Order Sync", "-C", ws, "-o", zip]).check()
        let result = try CLI.run(["inspect", zip, "--json"]).check()
        try Pkg.expectValid(result.stdout, against: "inspect-report")
        let report = try Pkg.object(result.stdout)
        #expect(report["file_count"] as? Int == 10)
        let acme = (report["connectors"] as? [[String: Any]])?.first ?? [:]
        #expect(acme["version_no"] as? Int == 3)
        #expect(acme["note"] as? String == "Acme ERP version 3")
        #expect(acme["provider_keys"] as? [String] == [key])
        #expect(edges(report) == Self.fixtureEdges)
        #expect((report["problems"] as? [Any])?.isEmpty == true)
    }

    @Test("references to files the package does not carry are listed with entry and JSON path, not as problems: an import resolves them in the target")
    func danglingReference() throws {
        let tmp = TempDir()
        let copy = tmp.file("order-sync")
        try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: copy)
        try Pkg.edit(copy + "/api/get_order_status.api_endpoint.json", replacing: "\"zip_name\": \"api/orders_api.api_group.json\"",
                     with: "\"zip_name\": \"api/lost_api.api_group.json\"")
        try FileManager.default.removeItem(atPath: copy + "/connections/ops_slack.connection.json")
        let zip = tmp.file("dangling.zip")
        let zipped = try runTool("zip", ["-qr", zip, "."], in: copy)
        #expect(zipped.status == 0, "\(zipped.output)")

        let result = try CLI.run(["inspect", zip, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        try Pkg.expectValid(result.stdout, against: "inspect-report")
        let report = try Pkg.object(result.stdout)
        #expect((report["problems"] as? [String]) == [])
        let outside = (report["outside_references"] as? [[String: Any]] ?? []).map {
            "\($0["entry"] as? String ?? "") \($0["json_path"] as? String ?? "") \($0["zip_name"] as? String ?? "") \($0["type"] as? String ?? "")"
        }
        #expect(outside == ["api/get_order_status.api_endpoint.json $.api_group_id api/lost_api.api_group.json api_group",
                            "orders/notify_ops_channel.recipe.json $.config[1].account_id connections/ops_slack.connection.json connection"], "\(outside)")
        #expect(report["file_count"] as? Int == 9)
        let text = try CLI.run(["inspect", zip]).stdout
        #expect(text.contains("References outside the package"))
        #expect(text.contains("api/lost_api.api_group.json"))
        #expect(text.contains("No problems."))
    }

    @Test("assets are read on another core a batch at a time, yet the first broken entry is the one reported", arguments: [0, 3_000])
    func firstProblemWins(validBefore: Int) throws {
        let tmp = TempDir()
        // `validBefore` recipes of ~1 KB each come first, so that the broken one lands in a later batch.
        let filler = Array(("{\"name\": \"r\", \"code\": \"" + String(repeating: "x", count: 1_000) + "\"}\n").utf8)
        var entries = (0..<validBefore).map { HostileEntry(String(format: "a/r%05d.recipe.json", $0), filler) }
        entries.append(HostileEntry("b/broken.recipe.json", Array("{\"name\": }\n".utf8)))
        entries.append(HostileEntry("c/later.recipe.json", Array("{\"name\" 1}\n".utf8)))
        var corrupt = HostileEntry("d/corrupt.recipe.json", Array("{\"name\": \"c\"}\n".utf8))
        corrupt.crc = 0xDEAD_BEEF
        entries.append(corrupt)
        let zip = HostileZip(entries).write(to: tmp.file("p.zip"))
        let result = try CLI.run(["inspect", zip])
        #expect(result.status != 0)
        #expect(result.stderr.contains("b/broken.recipe.json") && !result.stderr.contains("later") && !result.stderr.contains("corrupt"),
                "\(result.stderr)")
    }

    @Test("a connector trio without its code is a problem; a non-zip or missing package is an error naming the file")
    func brokenPackages() throws {
        let tmp = TempDir()
        let copy = tmp.file("order-sync")
        try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: copy)
        try FileManager.default.removeItem(atPath: copy + "/acme_erp.custom_adapter.rb")
        let zip = tmp.file("nocode.zip")
        #expect(try runTool("zip", ["-qr", zip, "."], in: copy).status == 0)
        let report = try Pkg.object(CLI.run(["inspect", zip, "--json"]).check().stdout)
        #expect((report["problems"] as? [String] ?? []).contains { $0.contains("acme_erp.custom_adapter.rb") }, "\(report)")

        let notZip = tmp.write("not-a.zip", Array("hello, I am text\n".utf8))
        let bad = try CLI.run(["inspect", notZip])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("not-a.zip"), "\(bad.stderr)")
        let missing = try CLI.run(["inspect", tmp.file("absent.zip")])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("absent.zip"), "\(missing.stderr)")

        // A recipe that is not valid JSON names the entry and where it breaks.
        let broken = tmp.file("broken")
        try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: broken)
        try Pkg.write("{\n  \"name\": \"Notify\",\n  \"version\": \n}\n", to: broken + "/orders/notify_ops_channel.recipe.json")
        let brokenZip = tmp.file("broken.zip")
        #expect(try runTool("zip", ["-qr", brokenZip, "."], in: broken).status == 0)
        let parse = try CLI.run(["inspect", brokenZip])
        #expect(parse.status != 0)
        #expect(parse.stderr.contains("orders/notify_ops_channel.recipe.json"), "\(parse.stderr)")
    }

    @Test("the properties the recipes read (with entry and JSON path) and those the package declares, in text and validated JSON")
    func propertiesReadAndDeclared() throws {
        let tmp = TempDir()
        let folder = tmp.file("pkg"), zip = tmp.file("pkg.zip")
        try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: folder)
        let recipe = folder + "/orders/notify_ops_channel.recipe.json"
        let pill = #"_dp('{\"pill_type\":\"account_property\",\"property_name\":\"erp.region\"}')"#
        let text = try String(contentsOfFile: recipe, encoding: .utf8)
        try text.replacingOccurrences(of: "\"name\": \"Notify ops channel\"", with: "\"name\": \"Notify ops channel\", \"note\": \"#{\(pill)}\"")
            .write(toFile: recipe, atomically: true, encoding: .utf8)
        try #"{"erp.region": null, "erp.base_url": null}"#.write(toFile: folder + "/account_properties.properties.json", atomically: true, encoding: .utf8)
        let result = try runTool("zip", ["-qr", zip, "."], in: folder)
        #expect(result.status == 0)

        let human = try CLI.run(["inspect", zip]).check().stdout
        #expect(human.contains("  account_property 'erp.region'\n    orders/notify_ops_channel.recipe.json $.note"))
        #expect(human.contains("  account_property 'erp.base_url'  (account_properties.properties.json)"))
        let json = try CLI.run(["inspect", zip, "--json"]).check().stdout
        try Pkg.expectValid(json, against: "inspect-report")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((report["properties_read"] as? [[String: Any]])?.map { $0["name"] as? String } == ["erp.region"])
        #expect((report["properties_declared"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["erp.region", "erp.base_url"])
    }
}
