import Foundation
import RLCMFormat

/// `workspace show` and `workspace set`: the workspace's identity.
public struct WorkspaceIdentityReport: Report {
    public var formatVersion = outputFormatVersion
    public var root: String
    public var settings: WorkspaceSettings
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", root, settings = "workspace" }

    public var text: String {
        ["\(settings.name) (\(root))",
         "  environment: \(settings.environment.rawValue)",
         "  data center: \(settings.dataCenter.rawValue)",
         "  e-mail:      \(settings.email ?? "(none)")",
         "  SDK access:  \(settings.sdkAccess.rawValue)",
         "  library:     \(settings.library ?? "(none)")"].joined(separator: "\n")
    }
}

/// `library init`.
public struct LibraryReport: Report {
    public var formatVersion = outputFormatVersion
    public var library: String
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", library }
    public var text: String { "Created library in \(library)" }
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

    public var text: String {
        switch action {
        case .shared:
            return "Shared version \(sharedVersion ?? 0) of '\(title)' (\(visibility.rawValue) source) in \(library ?? "the library")"
        case .visibilityChanged:
            let shared = sharedVersion.map { "; shared version \($0) in the library is now \(visibility.rawValue) source too" } ?? ""
            return "'\(title)' is now \(visibility.rawValue) source\(shared)"
        }
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

    public var text: String {
        if let link { return "Share link for '\(title)': \(link)" }
        if revoked.isEmpty { return "'\(title)' has no enabled share link" }
        return "Revoked the share link of '\(title)'; nobody can install with it any more"
    }
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

    public var text: String {
        var lines: [String] = []
        if !added.isEmpty { lines.append("Added \(added.joined(separator: ", "))") }
        if !removed.isEmpty { lines.append("Removed \(removed.joined(separator: ", "))") }
        lines.append(emails.isEmpty ? "The access list of '\(title)' is empty." : "Access list of '\(title)':")
        lines += emails.map { "  \($0)" }
        if !notifications.isEmpty {
            lines.append("Notified \(notifications.count) primary admin\(notifications.count == 1 ? "" : "s"); messages in the outbox:")
            lines += notifications.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
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

    public var text: String {
        let what = action == .installed ? "Installed '\(title)' version \(versionNo) (\(providerKey))"
            : "Updated '\(title)' from version \(previousVersion ?? 0) to \(versionNo)"
        return what + (codeStored ? "; open source, its code is in the connector store" : "; closed source, its code stays in the library")
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

    public var text: String {
        if updates.isEmpty { return "All installed connectors are up to date." }
        return TextTable.render(header: ["TITLE", "INSTALLED", "SHARED", "NOTE"], rows: updates.map {
            [$0.title, String($0.installedVersion), String($0.sharedVersion), $0.note ?? "(no note)"]
        })
    }
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

    public var text: String {
        let name = "'\(listing.appName)' (listing \(listing.id))"
        var line: String
        switch action {
        case .submitted: line = "Submitted \(name) for review; it is pending"
        case .approved: line = "Approved \(name)"
        case .rejected: line = "Rejected \(name): \(listing.reason ?? "")"
        case .unpublished: line = "Unpublished \(name)"
        }
        if let notification { line += "\nNotified \(listing.ownerEmail): \(notification)" }
        return line
    }
}

/// `library search`.
public struct SearchReport: Report {
    public var formatVersion = outputFormatVersion
    public var query: String
    public var listings: [Listing]
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", query, listings }

    public var text: String {
        if listings.isEmpty { return "No approved listing matches '\(query)'." }
        return TextTable.render(header: ["LISTING", "APP NAME", "TAGS", "KEYWORDS"], rows: listings.map {
            [$0.id, $0.appName, $0.tags.joined(separator: ","), $0.keywords.joined(separator: ",")]
        })
    }
}
