import Foundation
import RLCMFormat

/// A library kept in a folder that several workspaces (and processes) share.
///
/// Layout (JSON pretty-printed with sorted keys):
/// - `library.json`: the marker that makes the folder a library;
/// - `connectors/<uid>/shared.json`, `v<N>.rb`, `logo`: each shared connector's shared version;
/// - `links/<token>.json`: share links; `access/<uid>.json`: access lists of closed-source connectors;
/// - `listings/<id>.json`: community library listings;
/// - `outbox/<time>-<random>.eml`: notification e-mails waiting for a mail transport;
/// - `lock`: the flock every change holds.
///
/// Every change holds the library lock for its whole read-check-write, and every file is written
/// to a temporary name, fsynced and renamed into place, so concurrent commands never lose a change
/// and a reader (or a crash) sees a file whole or not at all.
public struct FolderLibrary: Library {
    public let root: String
    public var location: String { root }
    /// The lock timeout and the clock of the command that opened it.
    public let environment: RunEnvironment

    static let marker = "library.json"

    struct Marker: Codable {
        var formatVersion = 1
        var createdAt: String
        enum CodingKeys: String, CodingKey { case formatVersion = "format_version", createdAt = "created_at" }
    }

    /// Opens the library at `path`, which must have been created by `create`, for a command that
    /// runs in `environment`.
    public init(path: String, environment: RunEnvironment) throws {
        let root = Workspace.absolute(path)
        guard FileSystem.isRegularFile("\(root)/\(FolderLibrary.marker)") else { throw SharingError.notALibrary(root) }
        self.root = root
        self.environment = environment
    }

    /// Creates an empty library in a new or empty folder.
    @discardableResult
    public static func create(at path: String, environment: RunEnvironment) throws -> FolderLibrary {
        let root = Workspace.absolute(path)
        if FileSystem.exists("\(root)/\(marker)") { throw SharingError.libraryExists(root) }
        if FileSystem.exists(root) {
            guard FileSystem.isDirectory(root), try FileSystem.children(root).isEmpty else { throw WorkspaceError.notEmpty(root) }
        }
        for folder in ["connectors", "links", "access", "listings", "outbox"] { try FileSystem.makeDirectories("\(root)/\(folder)") }
        try FileSystem.write([], to: "\(root)/lock")
        // The marker last: its presence is what makes the folder a library.
        try FileSystem.replace("\(root)/\(marker)", with: try StateCoding.encode(Marker(createdAt: Timestamp.string(environment.now))))
        return try FolderLibrary(path: root, environment: environment)
    }

    // MARK: Files

    private func path(_ relative: String) -> String { "\(root)/\(relative)" }

    private func locked<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        let lock = try WorkspaceLock(path: path("lock"), command: operation, environment: environment) {
            SharingError.libraryBusy(holder: $0, waitedSeconds: $1)
        }
        return try withExtendedLifetime(lock) { try body() }
    }

    private func read<T: Decodable>(_ type: T.Type, _ relative: String) throws -> T? {
        let file = path(relative)
        guard FileSystem.isRegularFile(file) else { return nil }
        return try StateCoding.decode(type, from: try FileSystem.read(file), file: file)
    }

    private func write(_ relative: String, _ bytes: [UInt8]) throws {
        try FileSystem.makeDirectories(FileSystem.folder(of: path(relative)))
        try FileSystem.replace(path(relative), with: bytes)
    }

    private func write(_ relative: String, json value: some Encodable) throws { try write(relative, try StateCoding.encode(value)) }

    /// Uids, tokens and ids name files: anything but lowercase hex and `-` is refused before it reaches a path.
    private func checked(_ name: String, orThrow error: SharingError) throws -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isHexDigit && !$0.isUppercase || $0 == "-" }) else { throw error }
        return name
    }

    // MARK: Shared versions

    public func share(_ connector: SharedConnector, code: [UInt8], logo: [UInt8]?) throws {
        let uid = try checked(connector.uid, orThrow: .unknownConnector(uid: connector.uid))
        try locked("share") {
            // Code and logo first: a record is never visible before the code it names.
            try write("connectors/\(uid)/v\(connector.versionNo).rb", code)
            if let logo { try write("connectors/\(uid)/logo", logo) }
            try write("connectors/\(uid)/shared.json", json: connector)
        }
    }

    public func sharedConnector(uid: String) throws -> SharedConnector {
        let uid = try checked(uid, orThrow: .unknownConnector(uid: uid))
        guard let shared = try read(SharedConnector.self, "connectors/\(uid)/shared.json") else { throw SharingError.unknownConnector(uid: uid) }
        return shared
    }

    public func code(uid: String, version: Int) throws -> [UInt8] {
        let uid = try checked(uid, orThrow: .unknownConnector(uid: uid))
        return try FileSystem.read(path("connectors/\(uid)/v\(version).rb"))
    }

    public func logo(uid: String) throws -> [UInt8]? {
        let file = path("connectors/\(try checked(uid, orThrow: .unknownConnector(uid: uid)))/logo")
        return FileSystem.isRegularFile(file) ? try FileSystem.read(file) : nil
    }

    public func setVisibility(uid: String, _ visibility: Visibility) throws -> SharedConnector {
        try locked("visibility") {
            var shared = try sharedConnector(uid: uid)
            shared.visibility = visibility
            try write("connectors/\(shared.uid)/shared.json", json: shared)
            return shared
        }
    }

    // MARK: Links

    private func links(uid: String) throws -> [ShareLink] {
        try FileSystem.children(path("links")).filter { $0.hasSuffix(".json") }.compactMap { try read(ShareLink.self, "links/\($0)") }
            .filter { $0.uid == uid }
    }

    public func enableLink(uid: String) throws -> ShareLink {
        try locked("link") {
            if let enabled = try links(uid: uid).first(where: \.enabled) { return enabled }
            // A revoked link stays dead: enabling again hands out a new token.
            let link = ShareLink(token: RandomToken.hex(bytes: 32), uid: uid, enabled: true, createdAt: Timestamp.string(environment.now))
            try write("links/\(link.token).json", json: link)
            return link
        }
    }

    public func disableLinks(uid: String) throws -> [ShareLink] {
        try locked("link") {
            var revoked: [ShareLink] = []
            for var link in try links(uid: uid) where link.enabled {
                link.enabled = false
                try write("links/\(link.token).json", json: link)
                revoked.append(link)
            }
            return revoked
        }
    }

    public func link(token: String) throws -> ShareLink {
        let token = try checked(token, orThrow: .unknownLink(token))
        guard let link = try read(ShareLink.self, "links/\(token).json") else { throw SharingError.unknownLink(token) }
        return link
    }

    public func enabledLink(uid: String) throws -> ShareLink? { try links(uid: uid).first(where: \.enabled) }

    // MARK: Access lists

    struct AccessList: Codable {
        var uid: String
        var emails: [String]
    }

    public func accessList(uid: String) throws -> [String] {
        let uid = try checked(uid, orThrow: .unknownConnector(uid: uid))
        return try read(AccessList.self, "access/\(uid).json")?.emails ?? []
    }

    public func updateAccessList(uid: String, adding: [String], removing: [String]) throws -> [String] {
        try locked("access") {
            var emails = try accessList(uid: uid)
            let removed = Set(removing.map(EmailAddress.normalized))
            emails.removeAll { removed.contains(EmailAddress.normalized($0)) }
            for address in adding where !emails.contains(where: { EmailAddress.normalized($0) == EmailAddress.normalized(address) }) {
                emails.append(address)
            }
            emails.sort()
            try write("access/\(uid).json", json: AccessList(uid: uid, emails: emails))
            return emails
        }
    }

    // MARK: Listings

    public func listings() throws -> [Listing] {
        try FileSystem.children(path("listings")).filter { $0.hasSuffix(".json") }.compactMap { try read(Listing.self, "listings/\($0)") }
            .sorted { $0.appName < $1.appName }
    }

    public func listing(id: String) throws -> Listing {
        let id = try checked(id, orThrow: .unknownListing(id))
        guard let listing = try read(Listing.self, "listings/\(id).json") else { throw SharingError.unknownListing(id) }
        return listing
    }

    public func submit(_ listing: Listing) throws -> Listing {
        try locked("publish") {
            let all = try listings()
            var problems: [String] = []
            if all.contains(where: { $0.appName == listing.appName && $0.uid != listing.uid }) {
                problems.append(ListingRules.appNameTaken(listing.appName))
            }
            var stored = listing
            if let previous = all.first(where: { $0.uid == listing.uid }) {
                if previous.hideSource != listing.hideSource { problems.append(ListingRules.hiddenSourceFixed(previous.hideSource)) }
                stored.id = previous.id
            }
            if !problems.isEmpty { throw SharingError.listingProblems(problems) }
            try write("listings/\(stored.id).json", json: stored)
            return stored
        }
    }

    public func review(id: String, approve: Bool, reason: String?, at date: Date) throws -> Listing {
        try locked("review") {
            var listing = try listing(id: id)
            listing.status = approve ? .approved : .rejected
            listing.reason = reason
            listing.reviewedAt = Timestamp.string(date)
            try write("listings/\(listing.id).json", json: listing)
            return listing
        }
    }

    public func removeListing(uid: String) throws -> Listing {
        try locked("unpublish") {
            guard let listing = try listing(uid: uid) else { throw SharingError.unknownListing(uid) }
            try FileSystem.remove(path("listings/\(listing.id).json"))
            try FileSystem.syncDirectory(path("listings"))
            return listing
        }
    }

    // MARK: Outbox

    public func send(_ message: MailMessage) throws -> String {
        let name = "outbox/\(Int(message.date.timeIntervalSince1970 * 1000))-\(RandomToken.hex(bytes: 6)).eml"
        try write(name, message.rendered)
        return path(name)
    }
}
