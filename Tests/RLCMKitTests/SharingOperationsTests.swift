import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// Connector sharing through a library, calling RLCMKit's sharing operations in process and
/// reading their typed reports and errors. (What the commands print and exit with is the CLI's
/// `SharingTests`.)
@Suite("Sharing operations")
struct SharingOperationsTests {
    @Test("closed source by link: the access list's admins are mailed the link; an allowed workspace installs it without the code; another data center and a stranger are refused, changing nothing")
    func closedSourceByLink() throws {
        let world = try LibraryWorld()
        let dev = try world.workspace("developer", email: "dev@acme.example")
        try world.push(dev, version: 1)
        let shared = try world.session(dev) { try $0.shareConnector(title: "Acme ERP", version: nil, library: nil) }
        #expect(shared.action == .shared && shared.sharedVersion == 1 && shared.visibility == .open && shared.library == world.library)
        let closed = try world.session(dev) { try $0.setVisibility(title: "Acme ERP", .closed, library: nil) }
        #expect(closed.action == .visibilityChanged && closed.visibility == .closed && closed.uid == shared.uid)
        let link = try #require(try world.session(dev) { try $0.setLink(title: "Acme ERP", enabled: true, library: nil) }.link)
        let access = try world.session(dev) {
            try $0.manageAccess(title: "Acme ERP", add: ["ops@buyer.example", "eu-ops@buyer.example"], remove: [], notifyAdmins: true, library: nil)
        }
        #expect(Set(access.emails) == ["ops@buyer.example", "eu-ops@buyer.example"] && access.added == ["ops@buyer.example", "eu-ops@buyer.example"])
        #expect(access.notifications.count == 2)
        let mail = try Pkg.text(try #require(access.notifications.first))
        for header in ["From: dev@acme.example\r\n", "To: ", "Subject: 'Acme ERP' was shared with your workspace\r\n", "Date: ", "Message-ID: <"] {
            #expect(mail.contains(header), "\(mail)")
        }
        #expect(mail.contains(link))

        let buyer = try world.workspace("buyer", email: "ops@buyer.example")
        let installed = try world.session(buyer) { try $0.install(link, library: nil) }
        #expect(installed.action == .installed && installed.versionNo == 1 && installed.visibility == .closed && !installed.codeStored)
        #expect(installed.libraryUID == shared.uid)
        #expect(world.marker.files(below: buyer).isEmpty, "\(world.marker.files(below: buyer))")
        #expect(!world.marker.files(below: world.library).isEmpty, "the library keeps the code")

        let europe = try world.workspace("europe", email: "eu-ops@buyer.example", dataCenter: .eu)
        let europeBefore = treeDigest(europe)
        #expect(throws: SharingError.crossDataCenter(title: "Acme ERP", developer: .us, installer: .eu)) {
            try world.session(europe) { try $0.install(link, library: nil) }
        }
        #expect(treeDigest(europe) == europeBefore)
        let stranger = try world.workspace("stranger", email: "someone@else.example")
        let strangerBefore = treeDigest(stranger)
        #expect(throws: SharingError.notOnAccessList(email: "someone@else.example", title: "Acme ERP")) {
            try world.session(stranger) { try $0.install(link, library: nil) }
        }
        #expect(treeDigest(stranger) == strangerBefore)
    }

    @Test("updates: a newer shared version is offered and changes nothing until taken; the update is still without code, and an export carries a reference without it")
    func closedSourceUpdate() throws {
        let world = try LibraryWorld()
        let (dev, link) = try world.closedSourceLink(allowing: ["ops@buyer.example"])
        let buyer = try world.workspace("buyer", email: "ops@buyer.example")
        try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: buyer + "/Order Sync")
        for ext in ["json", "rb", "png"] { try FileManager.default.removeItem(atPath: buyer + "/Order Sync/acme_erp.custom_adapter." + ext) }
        let installed = try world.session(buyer) { try $0.install(link, library: nil) }
        try OrderSync.rewriteKeys(in: buyer + "/Order Sync", to: installed.providerKey)

        try world.push(dev, version: 2)
        try world.share(dev)
        let before = treeDigest(buyer)
        let offered = try world.session(buyer) { try $0.availableUpdates(library: nil) }.updates
        #expect(offered.map(\.title) == ["Acme ERP"] && offered.first?.installedVersion == 1 && offered.first?.sharedVersion == 2)
        #expect(offered.first?.note == "Acme ERP version 2")
        #expect(treeDigest(buyer) == before)
        let updated = try world.session(buyer) { try $0.update(title: "Acme ERP", library: nil) }
        #expect(updated.action == .updated && updated.versionNo == 2 && updated.previousVersion == 1 && !updated.codeStored)
        #expect(try world.session(buyer) { try $0.availableUpdates(library: nil) }.updates.isEmpty)
        #expect(throws: SharingError.noUpdate(title: "Acme ERP", version: 2)) {
            try world.session(buyer) { try $0.update(title: "Acme ERP", library: nil) }
        }

        let show = try world.session(buyer) { try $0.showConnector(title: "Acme ERP") }
        #expect(show.installedFrom?.visibility == .closed && show.installedFrom?.versionNo == 2 && show.releasedVersion == 2)
        let package = world.tmp.file("buyer-export.zip")
        _ = try world.session(buyer) { try $0.export(folder: "Order Sync", to: package, allowUnresolved: false) }
        #expect(world.marker.files(below: buyer).isEmpty, "\(world.marker.files(below: buyer))")
        let entries = try Pkg.entries(package)
        #expect(!entries.values.contains { world.marker.isIn($0) })
        #expect(!entries.keys.contains { $0.hasSuffix(".custom_adapter.rb") })
        let metadata = try #require(entries.first { $0.key.hasSuffix(".custom_adapter.json") }?.value)
        #expect(try Pkg.object(bytes: metadata)["closed_source"] as? Bool == true)
    }

    @Test("update: a workspace taken off the access list gets no further closed-source versions, an approved listing that prevents direct installation being no way around it; one that allows direct installation is")
    func updateRechecksAccessList() throws {
        let world = try LibraryWorld()
        let (dev, link) = try world.closedSourceLink(allowing: ["ops@buyer.example"])
        let buyer = try world.workspace("buyer", email: "ops@buyer.example")
        _ = try world.session(buyer) { try $0.install(link, library: nil) }
        /// Lists the connector in the community library, approved at once.
        func list(preventDirectInstall: Bool) throws {
            let listing = try world.session(dev) {
                try $0.publish(title: "Acme ERP", appName: "Acme", tags: [], keywords: [], hideSource: true, preventDirectInstall: preventDirectInstall,
                               landingPage: preventDirectInstall ? "https://acme.example/erp" : nil, acceptAgreement: true, library: nil)
            }.listing
            _ = try world.openLibrary().reviewListing(listing.id, approve: true, reason: nil, now: world.environment.now)
        }

        let removed = try world.session(dev) {
            try $0.manageAccess(title: "Acme ERP", add: [], remove: ["ops@buyer.example"], notifyAdmins: false, library: nil)
        }
        #expect(removed.emails.isEmpty && removed.removed == ["ops@buyer.example"])
        try world.push(dev, version: 2)
        try world.share(dev)
        let before = treeDigest(buyer)
        for listed in [false, true] {
            // Listed with direct installation prevented, an install could take it only by link, whose access list lacks the buyer.
            if listed { try list(preventDirectInstall: true) }
            #expect(throws: SharingError.notOnAccessList(email: "ops@buyer.example", title: "Acme ERP")) {
                try world.session(buyer) { try $0.update(title: "Acme ERP", library: nil) }
            }
            #expect(treeDigest(buyer) == before)
        }

        // Listed for anyone to install directly: the update is taken as such an install would be.
        _ = try world.session(dev) { try $0.unpublish(title: "Acme ERP", library: nil) }
        try list(preventDirectInstall: false)
        #expect(try world.session(buyer) { try $0.update(title: "Acme ERP", library: nil) }.versionNo == 2)
    }

    @Test("import: a package's connector titled like one installed from a library is the installed one when it has the installed code (no version added, keys rewritten to it); other code is a plan problem naming it, and the import changes nothing")
    func importMeetsInstalledConnector() throws {
        let world = try LibraryWorld()
        let (_, link) = try world.closedSourceLink(allowing: ["ops@buyer.example"])
        let buyer = try world.workspace("buyer", email: "ops@buyer.example")
        let installed = try world.session(buyer) { try $0.install(link, library: nil) }
        /// The order-sync package with `code` as its connector's code.
        func package(_ name: String, code: [UInt8]) throws -> String {
            let folder = world.tmp.file(name), zip = world.tmp.file("\(name).zip")
            try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: folder)
            try Data(code).write(to: URL(fileURLWithPath: folder + "/acme_erp.custom_adapter.rb"))
            try ImportPipelineTests.Scene.zip(folder, to: zip)
            return zip
        }
        let options = ImportOptions(project: "Order Sync")

        let other = try package("other", code: Array("{ title: 'Acme ERP' }".utf8))
        let before = treeDigest(buyer)
        let refused = try world.session(buyer) { try $0.plan(package: other, options) }
        let problem = PlanProblem(.connector, path: "acme_erp.custom_adapter.json", ConnectorError.installedDiffers(title: "Acme ERP", installedVersion: 1).description)
        #expect(refused.problems.contains(problem), "\(refused.problems)")
        #expect(throws: ImportError.self) { try world.session(buyer) { try $0.importPackage(other, options) } }
        #expect(treeDigest(buyer) == before)

        // The developer's own code: what the workspace installed, closed source though it is.
        let same = try package("same", code: try world.marker.code(version: 1))
        let plan = try world.session(buyer) { try $0.plan(package: same, options) }
        #expect(plan.problems.isEmpty, "\(plan.problems)")
        let connector = try #require(plan.connectors.first)
        #expect(connector.action == .reuse && connector.installed == true && connector.newVersionNo == 1 && connector.targetKey == installed.providerKey)
        _ = try world.session(buyer) { try $0.importPackage(same, options) }
        let recipe = try String(contentsOfFile: buyer + "/Order Sync/orders/new_order_to_fulfilment.recipe.json", encoding: .utf8)
        #expect(recipe.contains(installed.providerKey) && !recipe.contains("acme_erp__connector_4711_1767225600"))
        let show = try world.session(buyer) { try $0.showConnector(title: "Acme ERP") }
        #expect(show.versions.count == 1 && show.installedFrom?.versionNo == 1)
        #expect(world.marker.files(below: buyer).isEmpty, "the closed source stays out of the workspace: \(world.marker.files(below: buyer))")
    }

    @Test("workspace identity: an invalid e-mail creates nothing; settings change one at a time and refuse bad values; old settings files read with defaults")
    func identity() throws {
        let world = try LibraryWorld()
        #expect(throws: EmailAddress.Invalid(addresses: ["not-an-address"])) {
            try Workspace.initialize(at: world.tmp.file("bad"), name: nil, environment: .sandbox, dataCenter: .us, email: "not-an-address",
                                    createdAt: world.environment.now)
        }
        #expect(!FileManager.default.fileExists(atPath: world.tmp.file("bad")))
        let ws = try world.workspace("ws", email: "owner@acme.example")
        for (key, value) in [(WorkspaceSettingKey.dataCenter, "eu"), (.sdkAccess, "limited"), (.email, "new@acme.example")] {
            _ = try world.session(ws) { try $0.setWorkspace(key, to: value) }
        }
        let settings = try world.session(ws) { $0.showWorkspace() }.settings
        #expect(settings.dataCenter == .eu && settings.sdkAccess == .limited)
        #expect(settings.email == "new@acme.example" && settings.library == world.library)
        let before = treeDigest(ws)
        #expect(throws: EmailAddress.Invalid(addresses: ["a@b"])) { try world.session(ws) { try $0.setWorkspace(.email, to: "a@b") } }
        #expect(throws: WorkspaceError.self) { try world.session(ws) { try $0.setWorkspace(.sdkAccess, to: "partial") } }
        #expect(throws: SharingError.notALibrary(world.tmp.path)) { try world.session(ws) { try $0.setWorkspace(.library, to: world.tmp.path) } }
        #expect(treeDigest(ws) == before)

        try Pkg.write(#"{"created_at": "2026-01-01T00:00:00Z", "data_center": "us", "environment": "sandbox", "format_version": 1, "name": "old"}"#,
                      to: ws + "/.rlcm/workspace.json")
        let old = try world.session(ws) { $0.showWorkspace() }.settings
        #expect(old.email == nil && old.sdkAccess == .full && old.library == nil)
        #expect(try world.session(ws) { try $0.availableUpdates(library: nil) }.updates.isEmpty, "no installed connectors: nothing to ask a library")
        #expect(throws: ConnectorError.notFound(title: "X", known: [])) {
            try world.session(ws) { try $0.setLink(title: "X", enabled: true, library: nil) }
        }
    }

    @Test("share: no released version, a never-released version, an earlier released one; access lists validate every address at once and compare them ignoring case")
    func shareRules() throws {
        let world = try LibraryWorld()
        let dev = try world.workspace("dev", email: "dev@acme.example")
        _ = try world.session(dev) {
            try $0.pushConnector(title: "Draft", code: try world.marker.code(version: 1), note: nil, description: nil, logo: nil, release: false)
        }
        #expect(throws: SharingError.noReleasedVersionToShare) { try world.share(dev, "Draft") }
        try world.push(dev, version: 1)
        _ = try world.session(dev) {
            try $0.pushConnector(title: "Acme ERP", code: try world.marker.code(version: 2), note: nil, description: nil, logo: nil, release: false)
        }
        try world.push(dev, version: 3)
        #expect(throws: SharingError.notReleased(title: "Acme ERP", version: 2, released: [1, 3])) {
            try world.session(dev) { try $0.shareConnector(title: "Acme ERP", version: 2, library: nil) }
        }
        let earlier = try world.session(dev) { try $0.shareConnector(title: "Acme ERP", version: 1, library: nil) }
        #expect(earlier.sharedVersion == 1)
        let show = try world.session(dev) { try $0.showConnector(title: "Acme ERP") }
        #expect(show.sharedVersion == 1 && show.versions.filter(\.shared).map(\.versionNo) == [1])

        let before = treeDigest(world.library)
        #expect(throws: EmailAddress.Invalid(addresses: ["bad@", "@x.com", "also bad"])) {
            try world.session(dev) {
                try $0.manageAccess(title: "Acme ERP", add: ["ok@acme.example", "bad@", "@x.com"], remove: ["also bad"], notifyAdmins: false, library: nil)
            }
        }
        #expect(treeDigest(world.library) == before)
        _ = try world.session(dev) { try $0.manageAccess(title: "Acme ERP", add: ["a@x.com", "b@y.com"], remove: [], notifyAdmins: false, library: nil) }
        let removed = try world.session(dev) { try $0.manageAccess(title: "Acme ERP", add: [], remove: ["A@x.com"], notifyAdmins: false, library: nil) }
        #expect(removed.emails == ["b@y.com"] && removed.removed == ["A@x.com"])
    }

    @Test("install: unknown and revoked links, open source stores the code, installed connectors cannot be pushed, released or shared by installers")
    func installRules() throws {
        let world = try LibraryWorld()
        let dev = try world.sharedDeveloper()
        let other = try world.workspace("other", email: "other@x.example", dataCenter: .eu)
        let token = String(repeating: "ab", count: 32)
        #expect(throws: SharingError.unknownLink(token)) { try world.session(other) { try $0.install(token, library: nil) } }
        #expect(throws: SharingError.unknownListing("../../etc/passwd")) { try world.session(other) { try $0.install("../../etc/passwd", library: nil) } }
        let link = try #require(try world.session(dev) { try $0.setLink(title: "Acme ERP", enabled: true, library: nil) }.link)
        let disabled = try world.session(dev) { try $0.setLink(title: "Acme ERP", enabled: false, library: nil) }
        #expect(!disabled.enabled && disabled.link == nil && disabled.revoked == [link])
        #expect(throws: SharingError.revokedLink) { try world.session(other) { try $0.install(link, library: nil) } }
        let fresh = try #require(try world.session(dev) { try $0.setLink(title: "Acme ERP", enabled: true, library: nil) }.link)
        #expect(fresh != link)

        // Open source crosses data centers and the installer gets the code; the bare token works too.
        let installed = try world.session(other) { try $0.install(String(fresh.dropFirst("rlcm://links/".count)), library: nil) }
        #expect(installed.codeStored && installed.visibility == .open)
        #expect(!world.marker.files(below: other).isEmpty)
        #expect(throws: SharingError.alreadyInstalled(title: "Acme ERP")) { try world.session(other) { try $0.install(fresh, library: nil) } }
        #expect(throws: ConnectorError.installedConnector(title: "Acme ERP", action: "release")) {
            try world.session(other) { try $0.releaseConnector(title: "Acme ERP") }
        }
        #expect(throws: ConnectorError.installedConnector(title: "Acme ERP", action: "share")) {
            try world.share(other)
        }
        #expect(throws: ConnectorError.installedConnector(title: "Acme ERP", action: "add versions to")) {
            try world.push(other, version: 9)
        }
        #expect(throws: SharingError.noUpdate(title: "Acme ERP", version: 1)) {
            try world.session(other) { try $0.update(title: "Acme ERP", library: nil) }
        }
    }

    @Test("publish: every problem at once; a pending listing is not searchable until approved, and the developer is mailed the outcome")
    func publishAndReview() throws {
        let world = try LibraryWorld()
        let dev = try world.sharedDeveloper(support: false)
        func publish(keywords: [String]) throws -> ListingReport {
            try world.session(dev) {
                try $0.publish(title: "Acme ERP", appName: "Acme ERP Cloud", tags: ["erp", "orders"], keywords: keywords, hideSource: true,
                               preventDirectInstall: false, landingPage: nil, acceptAgreement: true, library: nil)
            }
        }
        let before = treeDigest(dev)
        let refused = #expect(throws: SharingError.self) { try publish(keywords: ["erp", "orders", "invoices", "acme"]) }
        guard case .listingProblems(let problems) = refused else { Issue.record("not the listing's problems: \(String(describing: refused))"); return }
        #expect(problems.count == 2 && problems.contains { $0.contains("support contact") } && problems.contains { $0.contains("at most 3 keywords") }, "\(problems)")
        #expect(treeDigest(dev) == before)

        try world.push(dev, version: 2)
        try world.share(dev)
        let submitted = try publish(keywords: ["erp", "orders", "invoices"]).listing
        #expect(submitted.status == .pending && submitted.hideSource && submitted.ownerEmail == "dev@acme.example")
        #expect(try world.session(dev) { try $0.showConnector(title: "Acme ERP") }.visibility == .closed, "a hidden-source listing closes the source")
        let library = try world.openLibrary()
        #expect(try library.search("invoices").listings.isEmpty)
        let approved = try library.reviewListing(submitted.id, approve: true, reason: nil, now: world.environment.now)
        #expect(approved.action == .approved && approved.listing.status == .approved)
        let outcome = try Pkg.text(try #require(approved.notification))
        #expect(outcome.contains("To: dev@acme.example\r\n") && outcome.contains("was approved"), "\(outcome)")
        #expect(try library.search("INVOICES").listings.map(\.appName) == ["Acme ERP Cloud"])
    }

    @Test("listings: pending and prevent-direct-install ones cannot be installed directly; hidden source is fixed until unpublished; app names are unique; a rejection needs and mails its reason")
    func listingRules() throws {
        let world = try LibraryWorld()
        let dev = try world.sharedDeveloper()
        func publish(_ root: String, _ title: String = "Acme ERP", appName: String = "Acme", accept: Bool = true, hideSource: Bool = false,
                     preventDirectInstall: Bool = false, landingPage: String? = nil) throws -> ListingReport {
            try world.session(root) {
                try $0.publish(title: title, appName: appName, tags: [], keywords: [], hideSource: hideSource, preventDirectInstall: preventDirectInstall,
                               landingPage: landingPage, acceptAgreement: accept, library: nil)
            }
        }
        func problems(_ body: () throws -> ListingReport) -> [String] {
            guard case .listingProblems(let problems) = #expect(throws: SharingError.self, performing: body) else { return [] }
            return problems
        }
        let all = problems { try publish(dev, appName: "", accept: false, preventDirectInstall: true, landingPage: "ftp://x") }
        for problem in ["app name is missing", "landing page URL", "agreement must be accepted"] {
            #expect(all.contains { $0.contains(problem) }, "\(problem): \(all)")
        }
        _ = try world.session(dev) { try $0.setWorkspace(.sdkAccess, to: "limited") }
        #expect(problems { try publish(dev) }.contains { $0.contains("full access to the Connector SDK") })
        _ = try world.session(dev) { try $0.setWorkspace(.sdkAccess, to: "full") }

        let id = try publish(dev, hideSource: true, preventDirectInstall: true, landingPage: "https://acme.example/erp").listing.id
        let installer = try world.workspace("installer", email: "i@x.example")
        #expect(throws: SharingError.listingNotApproved(id: id, status: "pending")) { try world.session(installer) { try $0.install(id, library: nil) } }
        _ = try world.openLibrary().reviewListing(id, approve: true, reason: nil, now: world.environment.now)
        #expect(throws: SharingError.directInstallPrevented(id: id, landingPage: "https://acme.example/erp")) {
            try world.session(installer) { try $0.install(id, library: nil) }
        }

        #expect(throws: SharingError.hiddenSourceListed(title: "Acme ERP", listing: id)) {
            try world.session(dev) { try $0.setVisibility(title: "Acme ERP", .open, library: nil) }
        }
        #expect(problems { try publish(dev) }.contains { $0.contains("cannot change without unpublishing") })
        let rival = try world.workspace("rival", email: "rival@x.example")
        try world.push(rival, version: 1, title: "Rival")
        try world.share(rival, "Rival")
        #expect(problems { try publish(rival, "Rival") }.contains { $0.contains("'Acme' is taken") })
        #expect(try publish(rival, "Rival", appName: "acme").listing.appName == "acme", "app names are case-sensitive")

        let unpublished = try world.session(dev) { try $0.unpublish(title: "Acme ERP", library: nil) }
        #expect(unpublished.action == .unpublished && unpublished.listing.id == id)
        _ = try world.session(dev) { try $0.setVisibility(title: "Acme ERP", .open, library: nil) }
        let second = try publish(dev).listing.id
        let library = try world.openLibrary()
        #expect(throws: SharingError.reasonRequired) { try library.reviewListing(second, approve: false, reason: "  ", now: world.environment.now) }
        let rejected = try library.reviewListing(second, approve: false, reason: "No support page", now: world.environment.now)
        #expect(rejected.action == .rejected && rejected.listing.reason == "No support page")
        let mail = try Pkg.text(try #require(rejected.notification))
        #expect(mail.contains("Subject: Your listing 'Acme' was rejected\r\n") && mail.contains("No support page"), "\(mail)")
        #expect(throws: SharingError.unknownListing("0123456789abcdef")) { try library.reviewListing("0123456789abcdef", approve: true, reason: nil, now: world.environment.now) }
    }
}
