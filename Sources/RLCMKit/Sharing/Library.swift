import Foundation

/// Where workspaces meet to share connectors. Every operation a workspace needs from the library
/// goes through this protocol, so that a server can later stand in for the shared folder
/// (`FolderLibrary`) without the sharing rules changing. Implementations make each call atomic:
/// concurrent callers never lose each other's changes and never see a half-written record.
public protocol Library: Sendable {
    /// How the library is named to people (a folder path, later a URL).
    var location: String { get }

    /// Stores a shared version (record, code and logo), replacing the connector's previous one.
    func share(_ connector: SharedConnector, code: [UInt8], logo: [UInt8]?) throws
    func sharedConnector(uid: String) throws -> SharedConnector
    func code(uid: String, version: Int) throws -> [UInt8]
    func logo(uid: String) throws -> [UInt8]?
    func setVisibility(uid: String, _ visibility: Visibility) throws -> SharedConnector

    /// The connector's enabled link, created when it has none.
    func enableLink(uid: String) throws -> ShareLink
    /// Revokes every link of the connector; returns the revoked ones.
    func disableLinks(uid: String) throws -> [ShareLink]
    func link(token: String) throws -> ShareLink
    func enabledLink(uid: String) throws -> ShareLink?

    func accessList(uid: String) throws -> [String]
    /// Adds and removes addresses in one step; returns the list after the change.
    func updateAccessList(uid: String, adding: [String], removing: [String]) throws -> [String]

    func listings() throws -> [Listing]
    func listing(id: String) throws -> Listing
    /// Submits or resubmits the connector's listing, refusing an app name another listing has or
    /// a change of hidden source; returns the stored listing (pending review).
    func submit(_ listing: Listing) throws -> Listing
    func review(id: String, approve: Bool, reason: String?, at: Date) throws -> Listing
    func removeListing(uid: String) throws -> Listing

    /// Queues a message in the outbox; returns where it was put.
    func send(_ message: MailMessage) throws -> String
}

extension Library {
    /// The listing of a connector, if it has one.
    func listing(uid: String) throws -> Listing? { try listings().first { $0.uid == uid } }
}
