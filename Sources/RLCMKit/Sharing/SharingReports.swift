import Foundation
import RLCMFormat

/// `workspace show` and `workspace set`: the workspace's identity.
public struct WorkspaceIdentityReport: Report {
    public var formatVersion = outputFormatVersion
    public var root: String
    public var settings: WorkspaceSettings
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", root, settings = "workspace" }
}

/// `library init`.
public struct LibraryReport: Report {
    public var formatVersion = outputFormatVersion
    public var library: String
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", library }
}

/// `connector share` and `connector visibility`.
public struct ConnectorSharingReport: Report {
    public enum Action: String, Codable, Sendable { case shared, visibilityChanged = "visibility_changed" }
    public var formatVersion = outputFormatVersion
    public var action: Action
    public var title: String
    public var uid: String?
    public var sharedVersion: Int?
    public var visibility: Visibility
    public var library: String?
    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", action, title, uid, sharedVersion = "shared_version", visibility, library
    }
}

/// `connector link`.
public struct ShareLinkReport: Report {
    public var formatVersion = outputFormatVersion
    public var title: String
    public var enabled: Bool
    /// The enabled link, to hand to installers.
    public var link: String?
    public var revoked: [String]
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", title, enabled, link, revoked }
}

/// `connector access`.
public struct AccessListReport: Report {
    public var formatVersion = outputFormatVersion
    public var title: String
    public var emails: [String]
    public var added: [String]
    public var removed: [String]
    /// The notification messages written to the outbox, one per added address.
    public var notifications: [String]
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", title, emails, added, removed, notifications }
}

/// `connector install` and `connector update`.
public struct InstallReport: Report {
    public enum Action: String, Codable, Sendable { case installed, updated }
    public var formatVersion = outputFormatVersion
    public var action: Action
    public var title: String
    public var providerKey: String
    public var libraryUID: String
    public var versionNo: Int
    public var previousVersion: Int?
    public var visibility: Visibility
    /// Whether the workspace got the code: never for closed source.
    public var codeStored: Bool
    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", action, title, providerKey = "provider_key", libraryUID = "library_uid"
        case versionNo = "version_no", previousVersion = "previous_version", visibility, codeStored = "code_stored"
    }
}

/// `connector updates`.
public struct UpdatesReport: Report {
    public struct Row: Codable, Sendable {
        public var title: String
        public var installedVersion: Int
        public var sharedVersion: Int
        public var note: String?
        enum CodingKeys: String, CodingKey { case title, installedVersion = "installed_version", sharedVersion = "shared_version", note }
    }
    public var formatVersion = outputFormatVersion
    public var updates: [Row]
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", updates }
}

/// `connector publish|unpublish`, `library review`.
public struct ListingReport: Report {
    public enum Action: String, Codable, Sendable { case submitted, approved, rejected, unpublished }
    public var formatVersion = outputFormatVersion
    public var action: Action
    public var listing: Listing
    /// The e-mail written to the outbox for the developer, when one was.
    public var notification: String?
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", action, listing, notification }
}

/// `library search`.
public struct SearchReport: Report {
    public var formatVersion = outputFormatVersion
    public var query: String
    public var listings: [Listing]
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", query, listings }
}
