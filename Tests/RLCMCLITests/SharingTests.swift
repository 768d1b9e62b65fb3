import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// The sharing commands as processes: their `--json` documents validate against the schemas, the
/// text people read says what happened, refusals exit 1 with the reason on standard error and
/// change nothing, a missing action is a usage error, and the library's lock holds between
/// processes. What the sharing operations do is `SharingOperationsTests`, in process.
@Suite("Sharing")
struct SharingTests {
    @Test("the story's commands print --json documents their schemas accept, and the text people read")
    func documents() throws {
        let world = try SharingWorld()
        let dev = try world.workspace("developer", email: "dev@acme.example")
        try world.push(dev, version: 1)
        try Pkg.expectValid(try CLI.run(["connector", "share", "Acme ERP", "-C", dev, "--json"]).check().stdout, against: "connector-sharing")
        let closed = try CLI.run(["connector", "visibility", "Acme ERP", "closed", "-C", dev, "--json"]).check()
        try Pkg.expectValid(closed.stdout, against: "connector-sharing")
        let linkResult = try CLI.run(["connector", "link", "Acme ERP", "--enable", "-C", dev, "--json"]).check()
        try Pkg.expectValid(linkResult.stdout, against: "share-link")
        let link = try #require(try linkResult.object()["link"] as? String)
        let access = try CLI.run(["connector", "access", "Acme ERP", "--add", "ops@buyer.example, eu-ops@buyer.example",
                                  "--notify-admins", "-C", dev, "--json"]).check()
        try Pkg.expectValid(access.stdout, against: "access-list")
        #expect((try access.object()["notifications"] as? [String])?.count == 2, "the comma-separated --add is split and trimmed: \(access.stdout)")
        #expect(try CLI.run(["connector", "access", "Acme ERP", "--list", "-C", dev]).check().stdout.contains("eu-ops@buyer.example"))

        let buyer = try world.workspace("buyer", email: "ops@buyer.example")
        try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: buyer + "/Order Sync")
        for ext in ["json", "rb", "png"] { try FileManager.default.removeItem(atPath: buyer + "/Order Sync/acme_erp.custom_adapter." + ext) }
        let installed = try CLI.run(["connector", "install", link, "-C", buyer, "--json"]).check()
        try Pkg.expectValid(installed.stdout, against: "install")
        try OrderSync.rewriteKeys(in: buyer + "/Order Sync", to: try #require(try installed.object()["provider_key"] as? String))
        try world.push(dev, version: 2)
        try CLI.run(["connector", "share", "Acme ERP", "-C", dev]).check()
        try Pkg.expectValid(try CLI.run(["connector", "updates", "-C", buyer, "--json"]).check().stdout, against: "updates")
        try Pkg.expectValid(try CLI.run(["connector", "update", "Acme ERP", "-C", buyer, "--json"]).check().stdout, against: "install")
        #expect(try CLI.run(["connector", "updates", "-C", buyer]).check().stdout.contains("up to date"))
        let show = try CLI.run(["connector", "show", "Acme ERP", "-C", buyer]).check()
        #expect(show.stdout.contains("the source is closed"), "\(show.stdout)")
        try Pkg.expectValid(try CLI.run(["connector", "show", "Acme ERP", "-C", buyer, "--json"]).check().stdout, against: "connector-show")
        let package = world.tmp.file("buyer-export.zip")
        let export = try CLI.run(["export", "Order Sync", "-o", package, "-C", buyer]).check()
        #expect(export.stdout.contains("closed source: the package carries a reference to library connector"), "\(export.stdout)")
        try Pkg.expectValid(String(decoding: try #require(try Pkg.entries(package).first { $0.key.hasSuffix(".custom_adapter.json") }?.value), as: UTF8.self),
                            against: "custom_adapter")

        for (key, value) in [("data-center", "us"), ("sdk-access", "full")] {
            try Pkg.expectValid(try CLI.run(["workspace", "set", key, value, "-C", dev, "--json"]).check().stdout, against: "workspace-identity")
        }
        try Pkg.expectValid(try CLI.run(["workspace", "show", "-C", dev, "--json"]).check().stdout, against: "workspace-identity")
        let submitted = try CLI.run(["connector", "publish", "Acme ERP", "-C", dev, "--app-name", "Acme ERP Cloud", "--tags", "erp,orders",
                                     "--keywords", "erp,orders,invoices", "--hide-source", "--accept-agreement", "--json"]).check()
        try Pkg.expectValid(submitted.stdout, against: "listing")
        let id = try #require((try submitted.object()["listing"] as? [String: Any])?["id"] as? String)
        #expect(try CLI.run(["library", "search", "invoices", "--library", world.library]).check().stdout.contains("No approved listing"))
        try Pkg.expectValid(try CLI.run(["library", "review", id, "--approve", "--library", world.library, "--json"]).check().stdout, against: "listing")
        let found = try CLI.run(["library", "search", "invoices", "--library", world.library, "--json"]).check()
        try Pkg.expectValid(found.stdout, against: "search")
        #expect((try found.object()["listings"] as? [[String: Any]])?.map { $0["app_name"] as? String } == ["Acme ERP Cloud"])
        try Pkg.expectValid(try CLI.run(["connector", "unpublish", "Acme ERP", "-C", dev, "--json"]).check().stdout, against: "listing")
        try Pkg.expectValid(try CLI.run(["connector", "link", "Acme ERP", "--disable", "-C", dev, "--json"]).check().stdout, against: "share-link")
    }

    @Test("refusals exit 1 with the reason on standard error and change nothing; a missing action exits 64")
    func refusals() throws {
        let world = try SharingWorld()
        let dev = try world.workspace("developer", email: "dev@acme.example")
        try world.push(dev, version: 1, support: false)
        try CLI.run(["connector", "share", "Acme ERP", "-C", dev]).check()
        try CLI.run(["connector", "visibility", "Acme ERP", "closed", "-C", dev]).check()
        let link = try #require(try CLI.run(["connector", "link", "Acme ERP", "--enable", "-C", dev, "--json"]).check().object()["link"] as? String)
        let stranger = try world.workspace("stranger", email: "someone@else.example")
        let before = treeDigest(stranger)
        let refused = try CLI.run(["connector", "install", link, "-C", stranger])
        #expect(refused.status == 1 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("'someone@else.example' is not on the access list"), "\(refused.stderr)")
        #expect(treeDigest(stranger) == before)

        let bad = try CLI.run(["init", world.tmp.file("bad"), "--email", "not-an-address"])
        #expect(bad.status == 1 && bad.stderr.contains("'not-an-address'"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: world.tmp.file("bad")))
        #expect(try CLI.run(["workspace", "set", "sdk-access", "partial", "-C", dev]).status == 1)
        #expect(try CLI.run(["connector", "link", "X", "--enable", "-C", dev]).stderr.contains("no custom connector titled 'X'"))
        #expect(try CLI.run(["connector", "access", "Acme ERP", "-C", dev]).status == 64)

        let devBefore = treeDigest(dev)
        let publish = try CLI.run(["connector", "publish", "Acme ERP", "-C", dev, "--keywords", "a,b,c,d", "--prevent-direct-install", "--landing-page", "ftp://x"])
        #expect(publish.status == 1)
        for problem in ["support contact", "at most 3 keywords", "app name is missing", "landing page URL", "agreement must be accepted"] {
            #expect(publish.stderr.contains(problem), "\(problem): \(publish.stderr)")
        }
        #expect(treeDigest(dev) == devBefore)
        let noReason = try CLI.run(["library", "review", "0123456789abcdef", "--reject", "--library", world.library])
        #expect(noReason.status == 1 && noReason.stderr.contains("--reason"), "\(noReason.stderr)")
    }

    @Test("concurrency: eight workspaces publish at once and all listings are whole; eight installs at once all succeed")
    func concurrency() throws {
        let world = try SharingWorld()
        var developers: [String] = []
        for index in 0..<8 {
            let dev = try world.workspace("dev\(index)", email: "dev\(index)@acme.example")
            try world.push(dev, version: 1, title: "Connector \(index)")
            try CLI.run(["connector", "share", "Connector \(index)", "-C", dev]).check()
            developers.append(dev)
        }
        let running = try developers.enumerated().map { index, dev in
            try CLI.start(["connector", "publish", "Connector \(index)", "-C", dev, "--app-name", "App \(index)", "--accept-agreement"])
        }
        for process in running { try process.wait().check() }
        let listings = try FileManager.default.contentsOfDirectory(atPath: world.library + "/listings").filter { $0.hasSuffix(".json") }
        #expect(listings.count == 8, "\(listings)")
        for file in listings {
            try Pkg.expectValid(#"{"format_version": 1, "action": "submitted", "listing": "# + (try Pkg.text(world.library + "/listings/" + file)) + "}", against: "listing")
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: world.library + "/listings") { #expect(file.hasSuffix(".json"), "leftover \(file)") }

        try CLI.run(["connector", "visibility", "Connector 0", "closed", "-C", developers[0]]).check()
        let link = try #require(try CLI.run(["connector", "link", "Connector 0", "--enable", "-C", developers[0], "--json"]).check().object()["link"] as? String)
        let installers = try (0..<8).map { try world.workspace("installer\($0)", email: "installer\($0)@x.example") }
        try CLI.run(["connector", "access", "Connector 0", "--add", installers.indices.map { "installer\($0)@x.example" }.joined(separator: ","), "-C", developers[0]]).check()
        let installs = try installers.map { try CLI.start(["connector", "install", link, "-C", $0]) }
        for process in installs { try process.wait().check() }
        for installer in installers { #expect(world.marker.files(below: installer).isEmpty) }
    }
}
