import Foundation
import RLCMFormat

/// The result of `connector push` and `connector release`.
public struct ConnectorChangeReport: Report {
    public enum Action: String, Codable, Sendable {
        case created, versionAdded = "version_added", released
    }

    public var formatVersion = outputFormatVersion
    public var action: Action
    public var title: String
    public var providerKey: String
    public var versionNo: Int
    public var releasedVersion: Int?
    public var latestVersion: Int

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", action, title, providerKey = "provider_key", versionNo = "version_no"
        case releasedVersion = "released_version", latestVersion = "latest_version"
    }
}

/// `connector list`.
public struct ConnectorListReport: Report {
    public struct Row: Codable, Sendable {
        public var title: String
        public var providerKey: String
        public var releasedVersion: Int?
        public var latestVersion: Int
        enum CodingKeys: String, CodingKey { case title, providerKey = "provider_key", releasedVersion = "released_version", latestVersion = "latest_version" }
    }
    public var formatVersion = outputFormatVersion
    public var connectors: [Row]
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", connectors }
}

/// `connector show`.
public struct ConnectorDetailReport: Report {
    public struct Version: Codable, Sendable {
        public var versionNo: Int
        public var note: String?
        public var createdAt: String
        public var released: Bool
        public var latest: Bool
        /// Whether this is the version installers get.
        public var shared: Bool
        public var source: ConnectorVersion.Origin?
        enum CodingKeys: String, CodingKey { case versionNo = "version_no", note, createdAt = "created_at", released, latest, shared, source }
    }
    public struct RecipeUse: Codable, Sendable {
        public var path: String
        public var running: Bool
    }
    public var formatVersion = outputFormatVersion
    public var title: String
    public var providerKey: String
    public var description: String?
    public var logoFileName: String?
    public var releasedVersion: Int?
    public var latestVersion: Int
    public var sharedVersion: Int?
    public var visibility: Visibility
    public var uid: String?
    public var installedFrom: Connector.Installation?
    public var versions: [Version]
    public var recipes: [RecipeUse]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", title, providerKey = "provider_key", description, logoFileName = "logo_file_name"
        case releasedVersion = "released_version", latestVersion = "latest_version", sharedVersion = "shared_version", visibility, uid
        case installedFrom = "installed_from", versions, recipes
    }
}
