import Foundation
import RLCMFormat

/// Problems with custom connectors in the store.
public enum ConnectorError: RLCMError, Equatable {
    case notFound(title: String, known: [String])
    case alreadyLatestReleased(title: String, version: Int)
    case emptyTitle
    case invalidLogo(file: String)
    /// Installed connectors take versions, releases and sharing only from their developer.
    case installedConnector(title: String, action: String)
    case closedSource(title: String)
    /// A package carries other code for a connector the workspace installed from a library.
    case installedDiffers(title: String, installedVersion: Int)

    public var description: String {
        switch self {
        case .notFound(let title, let known):
            let list = known.isEmpty ? "the workspace has no custom connectors" : "known connectors: \(known.joined(separator: ", "))"
            return "no custom connector titled '\(title)' in this workspace (\(list))"
        case .alreadyLatestReleased(let title, let version):
            return "custom connector '\(title)': its latest version, \(version), is already the released one; push a new version with 'rlcm connector push --title \"\(title)\" --code FILE', then release it"
        case .emptyTitle:
            return "a connector title must not be empty"
        case .invalidLogo(let file):
            return "logo '\(file)' is not a .png, .jpg or .jpeg file"
        case .installedConnector(let title, let action):
            return "'\(title)' was installed from a library; only its developer can \(action) it"
        case .closedSource(let title):
            return "'\(title)' is closed source: its code stays in the library and cannot be read"
        case .installedDiffers(let title, let version):
            return "custom connector '\(title)': the package carries other code than the version this workspace installed from a library (\(version)), and only its developer can add versions to an installed connector; take the developer's newer version with 'rlcm connector update \"\(title)\"' if it is the package's, or import into a workspace where '\(title)' is the workspace's own"
        }
    }
}

/// The workspace's custom connectors: `.rlcm/connectors/<id>/` holds `connector.json` (the record
/// with every version's note and creation time, the released version and the provider key), the
/// code of each version as `v<N>.rb`, the package metadata of each imported version as
/// `v<N>.json`, and the logo as `logo`.
public struct ConnectorStore: Sendable {
    public let workspace: Workspace

    static let folder = "\(Workspace.stateFolderName)/connectors"

    func folder(_ id: Int) -> String { "\(ConnectorStore.folder)/\(id)" }

    /// The connector whose record `path` is (`.rlcm/connectors/<id>/connector.json`), if it is one.
    static func id(ofRecord path: String) -> Int? {
        guard path.hasPrefix("\(folder)/"), path.hasSuffix("/connector.json") else { return nil }
        let parts = path.dropFirst(folder.count + 1).split(separator: "/")
        return parts.count == 2 ? Int(parts[0]) : nil
    }

    /// Every connector, ordered by title.
    public func all() throws -> [Connector] {
        let base = workspace.path(ConnectorStore.folder)
        guard FileSystem.isDirectory(base) else { return [] }
        return try FileSystem.children(base).compactMap { id -> Connector? in
            let file = "\(base)/\(id)/connector.json"
            guard FileSystem.isRegularFile(file) else { return nil }
            return try StateCoding.decode(Connector.self, from: try FileSystem.read(file), file: file)
        }.sorted { $0.title < $1.title }
    }

    public func connector(titled title: String) throws -> Connector {
        let all = try all()
        guard let match = all.first(where: { $0.title == title }) else {
            throw ConnectorError.notFound(title: title, known: all.map(\.title))
        }
        return match
    }

    /// The code of a version; a closed-source installed connector has none here (it stays in the library).
    public func code(of connector: Connector, version: Int) throws -> [UInt8] {
        if connector.isClosedInstall { throw ConnectorError.closedSource(title: connector.title) }
        return try FileSystem.read(workspace.path("\(folder(connector.id))/v\(version).rb"))
    }

    /// The package metadata a version was imported with, when a package brought it.
    func packageMetadata(of connector: Connector, version: Int) throws -> [UInt8]? {
        let path = workspace.path("\(folder(connector.id))/v\(version).json")
        return FileSystem.isRegularFile(path) ? try FileSystem.read(path) : nil
    }

    public func logo(of connector: Connector) throws -> [UInt8]? {
        let path = workspace.path("\(folder(connector.id))/logo")
        return FileSystem.exists(path) ? try FileSystem.read(path) : nil
    }

    /// Adds a version to the connector titled `title`, creating the connector (version 1) when the
    /// workspace has none by that title. Returns the connector as it will be after commit, and
    /// whether this created it (the store is read once for both).
    ///
    /// `metadata`: for a version that a package brought, the package's `.custom_adapter.json`,
    /// kept so that an export of this version gives back those bytes (`version_no` aside).
    func addVersion(title: String, code: [UInt8], note: String?, description: String??, logo: Logo?, release: Bool,
                    source: ConnectorVersion.Origin? = nil, metadata: [UInt8]? = nil, identity: (id: Int, key: String)? = nil,
                    now: Date, in transaction: Transaction) throws -> (connector: Connector, created: Bool) {
        guard Connector.isTitle(title) else { throw ConnectorError.emptyTitle }
        let existing = try all()
        var connector: Connector
        let match = existing.first { $0.title == title }
        if let match {
            guard match.installedFrom == nil else { throw ConnectorError.installedConnector(title: title, action: "add versions to") }
            connector = match
        } else {
            let id = identity?.id ?? (existing.map(\.id).max() ?? ConnectorStore.firstId(for: workspace)) + 1
            connector = Connector(id: id, title: title, providerKey: identity?.key ?? ConnectorStore.providerKey(title: title, id: id, now: now),
                                  description: nil, logoFileName: nil, logoContentType: nil, releasedVersion: nil, versions: [])
        }
        let number = connector.latestVersion + 1
        connector.versions.append(ConnectorVersion(versionNo: number, note: note, createdAt: Timestamp.string(now),
                                                   codeSHA256: Hashing.sha256(code), source: source))
        if release { connector.release(number) }
        if let description { connector.description = description }
        if let logo {
            connector.logoFileName = logo.fileName
            connector.logoContentType = logo.contentType
            connector.logoExtension = logo.fileExtension
            try transaction.write("\(folder(connector.id))/logo", logo.bytes)
        }
        try transaction.write("\(folder(connector.id))/v\(number).rb", code)
        if let metadata { try transaction.write("\(folder(connector.id))/v\(number).json", metadata) }
        try save(connector, in: transaction)
        return (connector, match == nil)
    }

    /// Releases the latest version, as the platform's "Release" button does.
    @discardableResult
    func releaseLatest(title: String, in transaction: Transaction) throws -> Connector {
        var connector = try connector(titled: title)
        guard connector.installedFrom == nil else { throw ConnectorError.installedConnector(title: title, action: "release") }
        guard connector.releasedVersion != connector.latestVersion else { throw ConnectorError.alreadyLatestReleased(title: title, version: connector.latestVersion) }
        connector.release(connector.latestVersion)
        try save(connector, in: transaction)
        return connector
    }

    func save(_ connector: Connector, in transaction: Transaction) throws {
        try transaction.write("\(folder(connector.id))/connector.json", try StateCoding.encode(connector))
    }

    /// `<slug>_connector_<id>_<unix time>`, the shape of the platform's keys.
    static func providerKey(title: String, id: Int, now: Date) -> String {
        "\(Connector.slug(title))_connector_\(id)_\(Int(now.timeIntervalSince1970))"
    }

    /// Ids start from a number derived from the workspace's name and creation time, so the same
    /// connector gets different keys in different workspaces, as on the platform.
    static func firstId(for workspace: Workspace) -> Int {
        let digest = Hashing.sha256(Array("\(workspace.settings.name)|\(workspace.settings.createdAt)".utf8))
        return 1000 + Int(digest.prefix(6), radix: 16)! % 9_000_000
    }

    /// A connector logo and how it is described in the package metadata.
    public struct Logo: Sendable {
        /// The name the metadata gives it (`logo_file_name`); packages may leave it `null`.
        public var fileName: String?
        public var contentType: String
        /// `png`, `jpg` or `jpeg`: the extension of the logo's entry in a package.
        public var fileExtension: String
        public var bytes: [UInt8]

        /// A logo read from a file.
        public init(fileName: String, bytes: [UInt8]) throws {
            try self.init(entry: fileName, fileName: fileName, contentType: nil, bytes: bytes)
        }

        /// A logo carried by a package as `entry`, described by its metadata.
        init(entry: String, fileName: String?, contentType: String?, bytes: [UInt8]) throws {
            let ext = (entry as NSString).pathExtension.lowercased()
            guard ["png", "jpg", "jpeg"].contains(ext) else { throw ConnectorError.invalidLogo(file: entry) }
            self.fileName = fileName
            self.contentType = contentType ?? (ext == "png" ? "image/png" : "image/jpeg")
            self.fileExtension = ext
            self.bytes = bytes
        }
    }
}

extension WorkspaceSession {
    /// The workspace's custom connectors.
    public var connectors: ConnectorStore { ConnectorStore(workspace: workspace) }
}
