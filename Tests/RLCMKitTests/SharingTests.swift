import Foundation
import Testing
@testable import RLCMKit

/// Connector sharing through a library, through real processes in temporary folders.
@Suite("Sharing")
struct SharingTests {
    @Test("the story: closed-source link sharing with an access list, refusals, an update the installer takes, a listing found by keyword")
    func story() throws {
        let world = try SharingWorld()
        let dev = try world.workspace("developer", email: "dev@acme.example")
        try world.push(dev, version: 1)
        let shared = try CLI.run(["connector", "share", "Acme ERP", "-C", dev, "--json"]).check()
        try Pkg.expectValid(shared.stdout, against: "connector-sharing")
        let closed = try CLI.run(["connector", "visibility", "Acme ERP", "closed", "-C", dev, "--json"]).check()
        try Pkg.expectValid(closed.stdout, against: "connector-sharing")
        let linkResult = try CLI.run(["connector", "link", "Acme ERP", "--enable", "-C", dev, "--json"]).check()
        try Pkg.expectValid(linkResult.stdout, against: "share-link")
        let link = try #require(try linkResult.object()["link"] as? String)
        let access = try CLI.run(["connector", "access", "Acme ERP", "--add", "ops@buyer.example, eu-ops@buyer.example",
                                  "--notify-admins", "-C", dev, "--json"]).check()
        try Pkg.expectValid(access.stdout, against: "access-list")
        let notifications = try #require(try access.object()["notifications"] as? [String])
        #expect(notifications.count == 2)
        let mail = try Pkg.text(notifications[0])
        for header in ["From: dev@acme.example\r\n", "To: ", "Subject: 'Acme ERP' was shared with your workspace\r\n", "Date: ", "Message-ID: <"] {
            #expect(mail.contains(header), "\(mail)")
        }
        #expect(mail.contains(link))

        // An allowed workspace in us installs it; its recipes use it.
        let buyer = try world.workspace("buyer", email: "ops@buyer.example")
        try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: buyer + "/Order Sync")
        for ext in ["json", "rb", "png"] { try FileManager.default.removeItem(atPath: buyer + "/Order Sync/acme_erp.custom_adapter." + ext) }
        let installed = try CLI.run(["connector", "install", link, "-C", buyer, "--json"]).check()
        try Pkg.expectValid(installed.stdout, against: "install")
        #expect(try installed.object()["code_stored"] as? Bool == false)
        let key = try #require(try installed.object()["provider_key"] as? String)
        try rewriteKeys(in: buyer + "/Order Sync", to: key)

        // A workspace in eu (on the list) and one not on the list are refused, changing nothing.
        let europe = try world.workspace("europe", email: "eu-ops@buyer.example", dataCenter: "eu")
        let europeBefore = treeDigest(europe)
        let refusedEU = try CLI.run(["connector", "install", link, "-C", europe])
        #expect(refusedEU.status == 1)
        #expect(refusedEU.stderr.contains("shared from data center us and cannot be installed in a workspace in eu"), "\(refusedEU.stderr)")
        #expect(treeDigest(europe) == europeBefore)
        let stranger = try world.workspace("stranger", email: "someone@else.example")
        let refusedList = try CLI.run(["connector", "install", link, "-C", stranger])
        #expect(refusedList.status == 1)
        #expect(refusedList.stderr.contains("'someone@else.example' is not on the access list"), "\(refusedList.stderr)")

        // The developer releases and shares v2; the installer sees it and nothing changes until it takes it.
        try world.push(dev, version: 2)
        try CLI.run(["connector", "share", "Acme ERP", "-C", dev]).check()
        let beforeUpdate = treeDigest(buyer)
        let updates = try CLI.run(["connector", "updates", "-C", buyer, "--json"]).check()
        try Pkg.expectValid(updates.stdout, against: "updates")
        let rows = try #require(try updates.object()["updates"] as? [[String: Any]])
        #expect(rows.count == 1 && rows.first?["installed_version"] as? Int == 1 && rows.first?["shared_version"] as? Int == 2)
        #expect(treeDigest(buyer) == beforeUpdate)
        let updated = try CLI.run(["connector", "update", "Acme ERP", "-C", buyer, "--json"]).check()
        try Pkg.expectValid(updated.stdout, against: "install")
        #expect(try updated.object()["version_no"] as? Int == 2)
        #expect(try CLI.run(["connector", "updates", "-C", buyer]).check().stdout.contains("up to date"))

        // Still no code anywhere: not in show, not in the workspace's files, not in an export.
        let show = try CLI.run(["connector", "show", "Acme ERP", "-C", buyer]).check()
        #expect(show.stdout.contains("the source is closed"), "\(show.stdout)")
        try Pkg.expectValid(try CLI.run(["connector", "show", "Acme ERP", "-C", buyer, "--json"]).check().stdout, against: "connector-show")
        let package = world.tmp.file("buyer-export.zip")
        let export = try CLI.run(["export", "Order Sync", "-o", package, "-C", buyer]).check()
        #expect(export.stdout.contains("closed source: the package carries a reference to library connector"), "\(export.stdout)")
        #expect(world.filesWithMarker(below: buyer).isEmpty, "\(world.filesWithMarker(below: buyer))")
        let entries = try Pkg.entries(package)
        #expect(!entries.values.contains { world.contains($0, Array(world.marker.utf8)) })
        #expect(!entries.keys.contains { $0.hasSuffix(".custom_adapter.rb") })
        let metadata = try Pkg.object(bytes: try #require(entries.first { $0.key.hasSuffix(".custom_adapter.json") }?.value))
        #expect(metadata["closed_source"] as? Bool == true)
        try Pkg.expectValid(String(decoding: try #require(entries.first { $0.key.hasSuffix(".custom_adapter.json") }?.value), as: UTF8.self),
                            against: "custom_adapter")
        // The developer's own workspace and the library do have it.
        #expect(!world.filesWithMarker(below: world.library).isEmpty)

        // Publishing: four keywords and no support contact are both reported at once.
        try world.push(dev, version: 3, support: false)
        try CLI.run(["connector", "share", "Acme ERP", "-C", dev]).check()
        let publish = ["connector", "publish", "Acme ERP", "-C", dev, "--app-name", "Acme ERP Cloud", "--tags", "erp,orders",
                       "--hide-source", "--accept-agreement", "--json"]
        let devBefore = treeDigest(dev)
        let refused = try CLI.run(publish + ["--keywords", "erp,orders,invoices,acme"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("support contact") && refused.stderr.contains("at most 3 keywords"), "\(refused.stderr)")
        #expect(treeDigest(dev) == devBefore)
        try world.push(dev, version: 4)
        try CLI.run(["connector", "share", "Acme ERP", "-C", dev]).check()
        let submitted = try CLI.run(publish + ["--keywords", "erp,orders,invoices"]).check()
        try Pkg.expectValid(submitted.stdout, against: "listing")
        let listing = try #require(try submitted.object()["listing"] as? [String: Any])
        let id = try #require(listing["id"] as? String)
        #expect(listing["status"] as? String == "pending")
        #expect(try CLI.run(["library", "search", "invoices", "--library", world.library]).check().stdout.contains("No approved listing"))
        let approved = try CLI.run(["library", "review", id, "--approve", "--library", world.library, "--json"]).check()
        try Pkg.expectValid(approved.stdout, against: "listing")
        let outcome = try Pkg.text(try #require(try approved.object()["notification"] as? String))
        #expect(outcome.contains("To: dev@acme.example\r\n") && outcome.contains("was approved"), "\(outcome)")
        let found = try CLI.run(["library", "search", "invoices", "--library", world.library, "--json"]).check()
        try Pkg.expectValid(found.stdout, against: "search")
        #expect((try found.object()["listings"] as? [[String: Any]])?.map { $0["app_name"] as? String } == ["Acme ERP Cloud"])
    }

    /// Rewrites the fixture's package key to the installed connector's key, as a user would point recipes at it.
    func rewriteKeys(in folder: String, to key: String) throws {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".json") else { continue }
            let text = try Pkg.text(folder + "/" + relative)
            try text.replacingOccurrences(of: OrderSync.packageKey, with: key).write(toFile: folder + "/" + relative, atomically: true, encoding: .utf8)
        }
    }
}
