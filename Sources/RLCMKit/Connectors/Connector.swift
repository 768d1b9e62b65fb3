import Foundation

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
    /// The version the workspace's own recipes run; nil until one is released.
    public var releasedVersion: Int?
    public var versions: [ConnectorVersion]

    public var latestVersion: Int { versions.last?.versionNo ?? 0 }

    public func version(_ number: Int) -> ConnectorVersion? { versions.first { $0.versionNo == number } }

    public var released: ConnectorVersion? { releasedVersion.flatMap(version) }

    enum CodingKeys: String, CodingKey {
        case id, title, providerKey = "provider_key", description, logoFileName = "logo_file_name"
        case logoContentType = "logo_content_type", releasedVersion = "released_version", versions
    }

    /// `acme_erp` for "Acme ERP": the name stem Workato uses for keys and files.
    public static func slug(_ title: String) -> String {
        var slug = ""
        for scalar in title.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty && !slug.hasSuffix("_") {
                slug.append("_")
            }
        }
        while slug.hasSuffix("_") { slug.removeLast() }
        return slug.isEmpty ? "connector" : slug
    }

    /// Whether a provider name has the shape of a custom connector key rather than a built-in app.
    public static func isProviderKey(_ provider: String) -> Bool {
        guard let range = provider.range(of: "_connector_", options: .backwards) else { return false }
        let tail = provider[range.upperBound...].split(separator: "_", omittingEmptySubsequences: false)
        return range.lowerBound > provider.startIndex && tail.count == 2
            && tail.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
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
        public var versionNo: Int
        enum CodingKeys: String, CodingKey { case packageSHA256 = "package_sha256", versionNo = "version_no" }
    }

    enum CodingKeys: String, CodingKey {
        case versionNo = "version_no", note, createdAt = "created_at", codeSHA256 = "code_sha256", source
    }
}
