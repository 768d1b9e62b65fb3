import Foundation

/// Who may read a shared connector's code: anyone who installs it (`open`) or nobody outside the
/// developer's workspace (`closed`).
public enum Visibility: String, Codable, Sendable, CaseIterable {
    case open, closed
}

/// A custom connector in a workspace's store, with every version it ever had.
public struct Connector: Codable, Sendable, Equatable {
    /// The workspace-local id, part of the provider key.
    public var id: Int
    public var title: String
    /// How the workspace's recipes name this connector (`<slug>_connector_<id>_<unix time>`).
    public var providerKey: String
    public var description: String?
    public var logoFileName: String?
    public var logoContentType: String?
    /// `png`, `jpg` or `jpeg`: the extension of the logo's file in a package.
    public var logoExtension: String? = nil
    /// The version the workspace's own recipes run; nil until one is released.
    public var releasedVersion: Int?
    public var versions: [ConnectorVersion]
    /// Every version that was ever released, oldest first: any of them may be shared, since each
    /// was good enough for the workspace's own recipes once.
    public var releaseHistory: [Int] = []
    /// The version installers get; nil until the connector is shared.
    public var sharedVersion: Int?
    public var visibility: Visibility = .open
    /// The connector's id in libraries, the same in every workspace; given when it is first shared.
    public var uid: String?
    /// For a connector installed from a library: where it came from. Nil for the workspace's own.
    public var installedFrom: Installation?

    public var latestVersion: Int { versions.last?.versionNo ?? 0 }

    public func version(_ number: Int) -> ConnectorVersion? { versions.first { $0.versionNo == number } }

    public var released: ConnectorVersion? { releasedVersion.flatMap(version) }

    /// The versions that may be shared: those ever released (the current one included, for stores
    /// written before the history was kept).
    public var shareableVersions: [Int] { Array(Set(releaseHistory + (releasedVersion.map { [$0] } ?? []))).sorted() }

    /// A closed-source connector installed from a library: usable, but its code is not in this workspace.
    public var isClosedInstall: Bool { installedFrom?.visibility == .closed }

    /// The library a connector was installed from, the version installed and whether its code is readable.
    public struct Installation: Codable, Sendable, Equatable {
        public var libraryUID: String
        public var versionNo: Int
        public var visibility: Visibility
        enum CodingKeys: String, CodingKey { case libraryUID = "library_uid", versionNo = "version_no", visibility }
    }

    enum CodingKeys: String, CodingKey {
        case id, title, providerKey = "provider_key", description, logoFileName = "logo_file_name"
        case logoContentType = "logo_content_type", logoExtension = "logo_extension", releasedVersion = "released_version", versions
        case releaseHistory = "release_history", sharedVersion = "shared_version", visibility, uid, installedFrom = "installed_from"
    }

    /// Makes `number` the released version, remembering that it was released.
    mutating func release(_ number: Int) {
        releasedVersion = number
        if !releaseHistory.contains(number) { releaseHistory.append(number) }
    }

    /// `acme_erp` for "Acme ERP": the name stem Workato uses for keys and files. Lower-cased, each
    /// run of other characters one `_`; letters of any script are kept, as the platform keeps them
    /// (`法人番号システム_connector_58624_1639216290` is a real key).
    public static func slug(_ title: String) -> String {
        var slug = ""
        for scalar in title.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || (!scalar.isASCII && scalar.properties.isAlphabetic) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty && !slug.hasSuffix("_") {
                slug.append("_")
            }
        }
        while slug.hasSuffix("_") { slug.removeLast() }
        return slug.isEmpty ? "connector" : slug
    }

    /// Whether `title` can name a connector: it holds something besides spaces and tabs, the
    /// characters of Foundation's `.whitespaces` (Unicode's space separators, U+0009, and U+200B,
    /// which Foundation still counts). Spelled out rather than trimmed with Foundation, whose string
    /// bridge cost an import four searches of the executable's conformance records.
    static func isTitle(_ title: String) -> Bool {
        title.unicodeScalars.contains { $0 != "\t" && $0 != "\u{200B}" && $0.properties.generalCategory != .spaceSeparator }
    }
}

extension Connector {
    /// Stores written before sharing existed have no release history, sharing or visibility.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        providerKey = try container.decode(String.self, forKey: .providerKey)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        logoFileName = try container.decodeIfPresent(String.self, forKey: .logoFileName)
        logoContentType = try container.decodeIfPresent(String.self, forKey: .logoContentType)
        logoExtension = try container.decodeIfPresent(String.self, forKey: .logoExtension)
        releasedVersion = try container.decodeIfPresent(Int.self, forKey: .releasedVersion)
        versions = try container.decode([ConnectorVersion].self, forKey: .versions)
        releaseHistory = try container.decodeIfPresent([Int].self, forKey: .releaseHistory) ?? []
        sharedVersion = try container.decodeIfPresent(Int.self, forKey: .sharedVersion)
        visibility = try container.decodeIfPresent(Visibility.self, forKey: .visibility) ?? .open
        uid = try container.decodeIfPresent(String.self, forKey: .uid)
        installedFrom = try container.decodeIfPresent(Installation.self, forKey: .installedFrom)
    }
}

/// One version of a connector's code.
public struct ConnectorVersion: Codable, Sendable, Equatable {
    public var versionNo: Int
    public var note: String?
    public var createdAt: String
    public var codeSHA256: String
    /// Where an imported version came from.
    public var source: Origin?

    public struct Origin: Codable, Sendable, Equatable {
        public var packageSHA256: String
        /// The package metadata's `version_no`, when it had one.
        public var versionNo: Int?
        enum CodingKeys: String, CodingKey { case packageSHA256 = "package_sha256", versionNo = "version_no" }
    }

    enum CodingKeys: String, CodingKey {
        case versionNo = "version_no", note, createdAt = "created_at", codeSHA256 = "code_sha256", source
    }
}
