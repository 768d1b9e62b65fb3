import Foundation
import RLCMFormat

/// The developer's side of sharing: shared version, visibility, links, access lists and listings.
/// The library is written first and the workspace second, so an interrupted command leaves at
/// worst a library ahead of the workspace, which the same command run again puts right.
extension WorkspaceSession {
    /// One of the workspace's own connectors (installed ones belong to their developer).
    func ownConnector(_ title: String, for action: String) throws -> Connector {
        let connector = try connectors.connector(titled: title)
        guard connector.installedFrom == nil else { throw ConnectorError.installedConnector(title: title, action: action) }
        return connector
    }

    /// The connector's uid once it is shared; sharing is what puts it in the library.
    func sharedUID(_ connector: Connector) throws -> String {
        guard let uid = connector.uid, connector.sharedVersion != nil else { throw SharingError.notShared(title: connector.title) }
        return uid
    }

    /// `connector share`: makes a released version (the current one by default) what installers get.
    public func shareConnector(title: String, version: Int?, library override: String?) throws -> ConnectorSharingReport {
        var connector = try ownConnector(title, for: "share")
        guard let number = version ?? connector.releasedVersion, let shared = connector.version(number) else {
            throw SharingError.noReleasedVersionToShare
        }
        guard connector.shareableVersions.contains(number) else {
            if connector.shareableVersions.isEmpty { throw SharingError.noReleasedVersionToShare }
            throw SharingError.notReleased(title: title, version: number, released: connector.shareableVersions)
        }
        let library = try library(override)
        let uid = connector.uid ?? RandomToken.hex(bytes: 16)
        let record = SharedConnector(uid: uid, title: connector.title, description: connector.description,
                                     logoFileName: connector.logoFileName, logoContentType: connector.logoContentType,
                                     ownerEmail: workspace.settings.email, dataCenter: workspace.settings.dataCenter,
                                     visibility: connector.visibility, versionNo: number, note: shared.note, sharedAt: Timestamp.string(environment.now))
        try library.share(record, code: try connectors.code(of: connector, version: number), logo: try connectors.logo(of: connector))
        connector.uid = uid
        connector.sharedVersion = number
        try save(connector)
        return ConnectorSharingReport(action: .shared, title: title, uid: uid, sharedVersion: number, visibility: connector.visibility,
                                      library: library.location)
    }

    /// `connector visibility`: open or closed source, for the connector and its shared version.
    public func setVisibility(title: String, _ visibility: Visibility, library override: String?) throws -> ConnectorSharingReport {
        var connector = try ownConnector(title, for: "change the visibility of")
        var location: String?
        if connector.sharedVersion != nil, let uid = connector.uid {
            let library = try library(override)
            if let listing = try library.listing(uid: uid), listing.hideSource, visibility == .open {
                throw SharingError.hiddenSourceListed(title: title, listing: listing.id)
            }
            _ = try library.setVisibility(uid: uid, visibility)
            location = library.location
        }
        connector.visibility = visibility
        try save(connector)
        return ConnectorSharingReport(action: .visibilityChanged, title: title, uid: connector.uid, sharedVersion: connector.sharedVersion,
                                      visibility: visibility, library: location)
    }

    /// `connector link --enable|--disable`.
    public func setLink(title: String, enabled: Bool, library override: String?) throws -> ShareLinkReport {
        let uid = try sharedUID(try ownConnector(title, for: "share"))
        let library = try library(override)
        if enabled { return ShareLinkReport(title: title, enabled: true, link: try library.enableLink(uid: uid).url, revoked: []) }
        return ShareLinkReport(title: title, enabled: false, link: nil, revoked: try library.disableLinks(uid: uid).map(\.url))
    }

    /// `connector access`: adds and removes workspace e-mails, notifying the added workspaces' primary admins when asked.
    public func manageAccess(title: String, add: [String], remove: [String], notifyAdmins: Bool,
                             library override: String?) throws -> AccessListReport {
        let connector = try ownConnector(title, for: "manage access to")
        let uid = try sharedUID(connector)
        try EmailAddress.validate(add + remove)
        if notifyAdmins && !add.isEmpty && workspace.settings.email == nil { throw SharingError.noEmail(action: "notifying admins") }
        let library = try library(override)
        let before = try library.accessList(uid: uid).map(EmailAddress.normalized)
        let emails = try library.updateAccessList(uid: uid, adding: add, removing: remove)
        let added = add.filter { !before.contains(EmailAddress.normalized($0)) }
        var notifications: [String] = []
        if notifyAdmins, let from = workspace.settings.email {
            let link = try library.enabledLink(uid: uid)
            for address in added {
                let body = [
                    "Hello,", "",
                    "\(from) has given your workspace (\(address)) access to the closed-source connector '\(title)'.",
                    "You can install and use it; its code stays with its developer.", "",
                    link.map { "Install it with:\n  rlcm connector install \($0.url) --library \(library.location)" }
                        ?? "Ask \(from) for the share link to install it.",
                ]
                notifications.append(try library.send(MailMessage(from: from, to: address, subject: "'\(title)' was shared with your workspace",
                                                                  body: body.joined(separator: "\n"), date: environment.now)))
            }
        }
        return AccessListReport(title: title, emails: emails, added: added,
                                removed: remove.filter { before.contains(EmailAddress.normalized($0)) }, notifications: notifications)
    }

    /// `connector publish`: submits the shared version to the community library for review.
    public func publish(title: String, appName: String, tags: [String], keywords: [String], hideSource: Bool,
                        preventDirectInstall: Bool, landingPage: String?, acceptAgreement: Bool,
                        library override: String?) throws -> ListingReport {
        var connector = try ownConnector(title, for: "publish")
        let library = try library(override)
        let submission = ListingRules.Submission(appName: appName, tags: tags, keywords: keywords, hideSource: hideSource,
                                                 preventDirectInstall: preventDirectInstall, landingPage: landingPage, acceptAgreement: acceptAgreement)
        let problems = ListingRules.problems(submission, connector: connector, settings: workspace.settings, others: try library.listings())
        guard problems.isEmpty, let uid = connector.uid, let email = workspace.settings.email else { throw SharingError.listingProblems(problems) }
        if hideSource && connector.visibility == .open {
            _ = try library.setVisibility(uid: uid, .closed)
            connector.visibility = .closed
            try save(connector)
        }
        let listing = try library.submit(Listing(
            id: RandomToken.hex(bytes: 8), uid: uid, title: title, appName: appName.trimmingCharacters(in: .whitespaces), tags: tags,
            keywords: keywords, hideSource: hideSource, preventDirectInstall: preventDirectInstall,
            landingPage: preventDirectInstall ? landingPage : nil, ownerEmail: email, status: .pending, reason: nil,
            submittedAt: Timestamp.string(environment.now), reviewedAt: nil))
        return ListingReport(action: .submitted, listing: listing, notification: nil)
    }

    /// `connector unpublish`: removes the listing; installed copies keep working.
    public func unpublish(title: String, library override: String?) throws -> ListingReport {
        let connector = try ownConnector(title, for: "unpublish")
        let library = try library(override)
        guard let uid = connector.uid, try library.listing(uid: uid) != nil else { throw SharingError.notListed(title: title) }
        return ListingReport(action: .unpublished, listing: try library.removeListing(uid: uid), notification: nil)
    }

    func save(_ connector: Connector) throws {
        let transaction = try transaction()
        try connectors.save(connector, in: transaction)
        try transaction.commit()
    }
}
