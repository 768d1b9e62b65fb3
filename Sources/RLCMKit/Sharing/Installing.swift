import Foundation
import RLCMFormat

/// The installer's side: installing a shared connector by link or listing, and taking updates.
///
/// An installed connector is a child of the developer's: it lives in the connector store like the
/// workspace's own (so recipes use it by provider key), records where it came from, and changes
/// only when the installer runs `connector update`. For closed source the store keeps the record
/// and the logo but never the code, which stays in the library.
extension WorkspaceSession {
    /// `connector install LINK|LISTING`: a link (`rlcm://links/<token>` or the bare token) or a listing id.
    public func install(_ reference: String, library override: String?) throws -> InstallReport {
        let library = try library(override)
        let token = reference.hasPrefix(ShareLink.scheme) ? String(reference.dropFirst(ShareLink.scheme.count)) : reference
        let shared: SharedConnector
        if token.count == ShareLink.tokenLength {
            let link = try library.link(token: token)
            guard link.enabled else { throw SharingError.revokedLink }
            shared = try library.sharedConnector(uid: link.uid)
            try checkAccessList(shared, in: library, action: "installing a closed-source connector")
        } else {
            let listing = try library.listing(id: reference)
            try Self.checkInstallable(listing)
            shared = try library.sharedConnector(uid: listing.uid)
        }
        try checkDataCenter(shared)
        let existing = try connectors.all()
        if let installed = existing.first(where: { $0.uid == shared.uid }) { throw SharingError.alreadyInstalled(title: installed.title) }
        if existing.contains(where: { $0.title == shared.title }) { throw SharingError.titleTaken(title: shared.title) }

        let id = (existing.map(\.id).max() ?? ConnectorStore.firstId(for: workspace)) + 1
        let now = environment.now
        var connector = Connector(id: id, title: shared.title, providerKey: ConnectorStore.providerKey(title: shared.title, id: id, now: now),
                                  description: shared.description, logoFileName: shared.logoFileName, logoContentType: shared.logoContentType,
                                  releasedVersion: nil, versions: [])
        connector.uid = shared.uid
        let transaction = try transaction()
        if let logo = try library.logo(uid: shared.uid) { try transaction.write("\(connectors.folder(id))/logo", logo) }
        try addInstalledVersion(shared, to: &connector, from: library, now: now, in: transaction)
        try transaction.commit()
        return InstallReport(action: .installed, title: connector.title, providerKey: connector.providerKey, libraryUID: shared.uid,
                             versionNo: shared.versionNo, previousVersion: nil, visibility: shared.visibility, codeStored: shared.visibility == .open)
    }

    /// `connector updates`: installed connectors whose developer shared a newer version.
    public func availableUpdates(library override: String?) throws -> UpdatesReport {
        let installed = try connectors.all().filter { $0.installedFrom != nil }
        guard !installed.isEmpty else { return UpdatesReport(updates: []) }
        let library = try library(override)
        return UpdatesReport(updates: try installed.compactMap { connector in
            let origin = connector.installedFrom!
            let shared = try library.sharedConnector(uid: origin.libraryUID)
            guard shared.versionNo > origin.versionNo else { return nil }
            return .init(title: connector.title, installedVersion: origin.versionNo, sharedVersion: shared.versionNo, note: shared.note)
        })
    }

    /// `connector update T`: takes the shared version, which the workspace's recipes then run.
    public func update(title: String, library override: String?) throws -> InstallReport {
        var connector = try connectors.connector(titled: title)
        guard let origin = connector.installedFrom else { throw SharingError.notInstalled(title: title) }
        let library = try library(override)
        let shared = try library.sharedConnector(uid: origin.libraryUID)
        guard shared.versionNo > origin.versionNo else { throw SharingError.noUpdate(title: title, version: origin.versionNo) }
        try checkDataCenter(shared)
        // An update is taken by the way an install could take the connector now: from a listing
        // anyone may install from directly, else by link, for which a workspace taken off the
        // access list gets no more closed-source versions.
        let installsDirectly = try library.listing(uid: shared.uid).map { (try? Self.checkInstallable($0)) != nil } ?? false
        if !installsDirectly {
            try checkAccessList(shared, in: library, action: "updating a closed-source connector")
        }
        let transaction = try transaction()
        connector.description = shared.description
        try addInstalledVersion(shared, to: &connector, from: library, now: environment.now, in: transaction)
        try transaction.commit()
        return InstallReport(action: .updated, title: title, providerKey: connector.providerKey, libraryUID: shared.uid,
                             versionNo: shared.versionNo, previousVersion: origin.versionNo, visibility: shared.visibility,
                             codeStored: shared.visibility == .open)
    }

    /// A listing installs directly only once approved, and only when it does not send installers
    /// to its landing page (then the private link, with its access list, is the only way in).
    private static func checkInstallable(_ listing: Listing) throws {
        guard listing.status == .approved else { throw SharingError.listingNotApproved(id: listing.id, status: listing.status.rawValue) }
        guard !listing.preventDirectInstall else { throw SharingError.directInstallPrevented(id: listing.id, landingPage: listing.landingPage ?? "its listing") }
    }

    /// Closed source reaches only the workspaces whose owner e-mail is on the access list.
    private func checkAccessList(_ shared: SharedConnector, in library: any Library, action: String) throws {
        guard shared.visibility == .closed else { return }
        guard let email = workspace.settings.email else { throw SharingError.noEmail(action: action) }
        let allowed = try library.accessList(uid: shared.uid).map(EmailAddress.normalized)
        guard allowed.contains(EmailAddress.normalized(email)) else { throw SharingError.notOnAccessList(email: email, title: shared.title) }
    }

    private func checkDataCenter(_ shared: SharedConnector) throws {
        if shared.visibility == .closed && shared.dataCenter != workspace.settings.dataCenter {
            throw SharingError.crossDataCenter(title: shared.title, developer: shared.dataCenter, installer: workspace.settings.dataCenter)
        }
    }

    /// Records the shared version as the installed and released one; its code is stored only when open.
    private func addInstalledVersion(_ shared: SharedConnector, to connector: inout Connector, from library: any Library, now: Date,
                                     in transaction: Transaction) throws {
        let code = try library.code(uid: shared.uid, version: shared.versionNo)
        connector.versions.append(ConnectorVersion(versionNo: shared.versionNo, note: shared.note, createdAt: Timestamp.string(now),
                                                   codeSHA256: Hashing.sha256(code), source: nil))
        connector.release(shared.versionNo)
        connector.installedFrom = Connector.Installation(libraryUID: shared.uid, versionNo: shared.versionNo, visibility: shared.visibility)
        if shared.visibility == .open { try transaction.write("\(connectors.folder(connector.id))/v\(shared.versionNo).rb", code) }
        try connectors.save(connector, in: transaction)
    }
}
