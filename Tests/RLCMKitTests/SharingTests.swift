import Foundation
import Testing
@testable import RLCMFormat
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

    @Test("update: a workspace taken off the access list gets no further closed-source versions")
    func updateRechecksAccessList() throws {
        let world = try SharingWorld()
        let dev = try world.workspace("developer", email: "dev@acme.example")
        try world.push(dev, version: 1)
        try CLI.run(["connector", "share", "Acme ERP", "-C", dev]).check()
        try CLI.run(["connector", "visibility", "Acme ERP", "closed", "-C", dev]).check()
        let link = try #require(try CLI.run(["connector", "link", "Acme ERP", "--enable", "-C", dev, "--json"]).check().object()["link"] as? String)
        try CLI.run(["connector", "access", "Acme ERP", "--add", "ops@buyer.example", "-C", dev]).check()
        let buyer = try world.workspace("buyer", email: "ops@buyer.example")
        try CLI.run(["connector", "install", link, "-C", buyer]).check()

        try CLI.run(["connector", "access", "Acme ERP", "--remove", "ops@buyer.example", "-C", dev]).check()
        try world.push(dev, version: 2)
        try CLI.run(["connector", "share", "Acme ERP", "-C", dev]).check()
        let before = treeDigest(buyer)
        let refused = try CLI.run(["connector", "update", "Acme ERP", "-C", buyer])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("'ops@buyer.example' is not on the access list"), "\(refused.stderr)")
        #expect(treeDigest(buyer) == before)
    }

    @Test("workspace identity: init --email, set and show, invalid values refused, old settings files read with defaults")
    func identity() throws {
        let world = try SharingWorld()
        let bad = try CLI.run(["init", world.tmp.file("bad"), "--email", "not-an-address"])
        #expect(bad.status == 1 && bad.stderr.contains("'not-an-address'"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: world.tmp.file("bad")))
        let ws = try world.workspace("ws", email: "owner@acme.example")
        for (key, value) in [("data-center", "eu"), ("sdk-access", "limited"), ("email", "new@acme.example")] {
            try Pkg.expectValid(try CLI.run(["workspace", "set", key, value, "-C", ws, "--json"]).check().stdout, against: "workspace-identity")
        }
        let show = try CLI.run(["workspace", "show", "-C", ws, "--json"]).check()
        try Pkg.expectValid(show.stdout, against: "workspace-identity")
        let settings = try #require(try show.object()["workspace"] as? [String: Any])
        #expect(settings["data_center"] as? String == "eu" && settings["sdk_access"] as? String == "limited")
        #expect(settings["email"] as? String == "new@acme.example" && settings["library"] as? String == world.library)
        let before = treeDigest(ws)
        for (key, value) in [("email", "a@b"), ("sdk-access", "partial"), ("library", world.tmp.path)] {
            #expect(try CLI.run(["workspace", "set", key, value, "-C", ws]).status == 1)
        }
        #expect(treeDigest(ws) == before)
        // A settings file from before sharing existed.
        try Pkg.write(#"{"created_at": "2026-01-01T00:00:00Z", "data_center": "us", "environment": "sandbox", "format_version": 1, "name": "old"}"#,
                      to: ws + "/.rlcm/workspace.json")
        let old = try CLI.run(["workspace", "show", "-C", ws]).check()
        #expect(old.stdout.contains("e-mail:      (none)") && old.stdout.contains("SDK access:  full"), "\(old.stdout)")
        let noLibrary = try CLI.run(["connector", "updates", "-C", ws])
        #expect(noLibrary.status == 0, "no installed connectors: nothing to ask a library")
        #expect(try CLI.run(["connector", "link", "X", "--enable", "-C", ws]).stderr.contains("no custom connector titled 'X'"))
    }

    @Test("share: no released version, a never-released version, an earlier released one; access lists validate every address at once")
    func shareRules() throws {
        let world = try SharingWorld()
        let dev = try world.workspace("dev", email: "dev@acme.example")
        try CLI.run(["connector", "push", "-C", dev, "--title", "Draft", "--code", try world.code(version: 1)]).check()
        let none = try CLI.run(["connector", "share", "Draft", "-C", dev])
        #expect(none.status == 1 && none.stderr.contains("There is no released version to share"), "\(none.stderr)")
        try world.push(dev, version: 1)
        try CLI.run(["connector", "push", "-C", dev, "--title", "Acme ERP", "--code", try world.code(version: 2)]).check()
        try world.push(dev, version: 3)
        let skipped = try CLI.run(["connector", "share", "Acme ERP", "--version", "2", "-C", dev])
        #expect(skipped.status == 1 && skipped.stderr.contains("version 2 of 'Acme ERP' was never released; released versions: 1, 3"), "\(skipped.stderr)")
        let earlier = try CLI.run(["connector", "share", "Acme ERP", "--version", "1", "-C", dev, "--json"]).check()
        #expect(try earlier.object()["shared_version"] as? Int == 1)
        let show = try CLI.run(["connector", "show", "Acme ERP", "-C", dev, "--json"]).check()
        try Pkg.expectValid(show.stdout, against: "connector-show")
        let versions = try #require(try show.object()["versions"] as? [[String: Any]])
        #expect(versions.filter { $0["shared"] as? Bool == true }.map { $0["version_no"] as? Int } == [1])
        #expect(try CLI.run(["connector", "show", "Acme ERP", "-C", dev]).check().stdout.contains("shared version:   1"))

        let invalid = try CLI.run(["connector", "access", "Acme ERP", "--add", "ok@acme.example,bad@,@x.com", "--remove", "also bad", "-C", dev])
        #expect(invalid.status == 1 && invalid.stderr.contains("'bad@', '@x.com', 'also bad'"), "\(invalid.stderr)")
        try CLI.run(["connector", "access", "Acme ERP", "--add", "a@x.com,b@y.com", "-C", dev]).check()
        let removed = try CLI.run(["connector", "access", "Acme ERP", "--remove", "A@x.com", "-C", dev, "--json"]).check()
        #expect(try removed.object()["emails"] as? [String] == ["b@y.com"])
        #expect(try CLI.run(["connector", "access", "Acme ERP", "--list", "-C", dev]).check().stdout.contains("b@y.com"))
        #expect(try CLI.run(["connector", "access", "Acme ERP", "-C", dev]).status == 64)
    }

    @Test("install: unknown and revoked links, open source stores the code, installed connectors cannot be pushed or shared by installers")
    func installRules() throws {
        let world = try SharingWorld()
        let dev = try world.workspace("dev", email: "dev@acme.example")
        try world.push(dev, version: 1)
        try CLI.run(["connector", "share", "Acme ERP", "-C", dev]).check()
        let other = try world.workspace("other", email: "other@x.example", dataCenter: "eu")
        let unknown = try CLI.run(["connector", "install", String(repeating: "ab", count: 32), "-C", other])
        #expect(unknown.status == 1 && unknown.stderr.contains("no share link"), "\(unknown.stderr)")
        let hostile = try CLI.run(["connector", "install", "../../etc/passwd", "-C", other])
        #expect(hostile.status == 1 && hostile.stderr.contains("no listing '../../etc/passwd'"), "\(hostile.stderr)")
        let link = try #require(try CLI.run(["connector", "link", "Acme ERP", "--enable", "-C", dev, "--json"]).check().object()["link"] as? String)
        let disabled = try CLI.run(["connector", "link", "Acme ERP", "--disable", "-C", dev, "--json"]).check()
        try Pkg.expectValid(disabled.stdout, against: "share-link")
        let revoked = try CLI.run(["connector", "install", link, "-C", other])
        #expect(revoked.status == 1 && revoked.stderr.contains("revoked"), "\(revoked.stderr)")
        let fresh = try #require(try CLI.run(["connector", "link", "Acme ERP", "--enable", "-C", dev, "--json"]).check().object()["link"] as? String)
        #expect(fresh != link)
        // Open source crosses data centers and the installer gets the code; the bare token works too.
        let installed = try CLI.run(["connector", "install", String(fresh.dropFirst("rlcm://links/".count)), "-C", other, "--json"]).check()
        #expect(try installed.object()["code_stored"] as? Bool == true)
        #expect(!world.filesWithMarker(below: other).isEmpty)
        let again = try CLI.run(["connector", "install", fresh, "-C", other])
        #expect(again.status == 1 && again.stderr.contains("already installed"), "\(again.stderr)")
        for command in [["connector", "release", "Acme ERP"], ["connector", "share", "Acme ERP"], ["connector", "push", "--title", "Acme ERP", "--code", try world.code(version: 9)]] {
            let refused = try CLI.run(command + ["-C", other])
            #expect(refused.status == 1 && refused.stderr.contains("installed from a library"), "\(command): \(refused.stderr)")
        }
        let noUpdate = try CLI.run(["connector", "update", "Acme ERP", "-C", other])
        #expect(noUpdate.status == 1 && noUpdate.stderr.contains("up to date"), "\(noUpdate.stderr)")
    }

    @Test("listings: pending ones and prevent-direct-install ones cannot be installed directly; hidden source is fixed until unpublished; rejection mails the reason")
    func listingRules() throws {
        let world = try SharingWorld()
        let dev = try world.workspace("dev", email: "dev@acme.example")
        try world.push(dev, version: 1)
        try CLI.run(["connector", "share", "Acme ERP", "-C", dev]).check()
        let base = ["connector", "publish", "Acme ERP", "-C", dev, "--app-name", "Acme", "--json"]
        let all = try CLI.run(["connector", "publish", "Acme ERP", "-C", dev, "--prevent-direct-install", "--landing-page", "ftp://x"])
        for problem in ["app name is missing", "landing page URL", "agreement must be accepted"] {
            #expect(all.stderr.contains(problem), "\(problem): \(all.stderr)")
        }
        try CLI.run(["workspace", "set", "sdk-access", "limited", "-C", dev]).check()
        #expect(try CLI.run(base + ["--accept-agreement"]).stderr.contains("full access to the Connector SDK"))
        try CLI.run(["workspace", "set", "sdk-access", "full", "-C", dev]).check()

        let submitted = try CLI.run(base + ["--accept-agreement", "--hide-source", "--prevent-direct-install", "--landing-page", "https://acme.example/erp"]).check()
        let id = try #require((try submitted.object()["listing"] as? [String: Any])?["id"] as? String)
        let installer = try world.workspace("installer", email: "i@x.example")
        let pending = try CLI.run(["connector", "install", id, "-C", installer])
        #expect(pending.status == 1 && pending.stderr.contains("pending, not approved"), "\(pending.stderr)")
        try CLI.run(["library", "review", id, "--approve", "--library", world.library]).check()
        let direct = try CLI.run(["connector", "install", id, "-C", installer])
        #expect(direct.status == 1 && direct.stderr.contains("cannot be installed directly") && direct.stderr.contains("https://acme.example/erp"), "\(direct.stderr)")

        let open = try CLI.run(["connector", "visibility", "Acme ERP", "open", "-C", dev])
        #expect(open.status == 1 && open.stderr.contains("unpublish it before changing"), "\(open.stderr)")
        let visible = try CLI.run(base + ["--accept-agreement"])
        #expect(visible.status == 1 && visible.stderr.contains("cannot change without unpublishing"), "\(visible.stderr)")
        let taken = try world.workspace("rival", email: "rival@x.example")
        try world.push(taken, version: 1, title: "Rival")
        try CLI.run(["connector", "share", "Rival", "-C", taken]).check()
        let clash = try CLI.run(["connector", "publish", "Rival", "-C", taken, "--app-name", "Acme", "--accept-agreement"])
        #expect(clash.status == 1 && clash.stderr.contains("'Acme' is taken"), "\(clash.stderr)")
        try CLI.run(["connector", "publish", "Rival", "-C", taken, "--app-name", "acme", "--accept-agreement"]).check()  // case-sensitive

        let unpublished = try CLI.run(["connector", "unpublish", "Acme ERP", "-C", dev, "--json"]).check()
        try Pkg.expectValid(unpublished.stdout, against: "listing")
        try CLI.run(["connector", "visibility", "Acme ERP", "open", "-C", dev]).check()
        let direct2 = try CLI.run(base + ["--accept-agreement"]).check()
        let id2 = try #require((try direct2.object()["listing"] as? [String: Any])?["id"] as? String)
        let noReason = try CLI.run(["library", "review", id2, "--reject", "--library", world.library])
        #expect(noReason.status == 1 && noReason.stderr.contains("--reason"), "\(noReason.stderr)")
        let rejected = try CLI.run(["library", "review", id2, "--reject", "--reason", "No support page", "--library", world.library, "--json"]).check()
        let mail = try Pkg.text(try #require(try rejected.object()["notification"] as? String))
        #expect(mail.contains("Subject: Your listing 'Acme' was rejected\r\n") && mail.contains("No support page"), "\(mail)")
        let unknown = try CLI.run(["library", "review", "0123456789abcdef", "--approve", "--library", world.library])
        #expect(unknown.status == 1 && unknown.stderr.contains("no listing '0123456789abcdef'"), "\(unknown.stderr)")
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
        for installer in installers { #expect(world.filesWithMarker(below: installer).isEmpty) }
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
