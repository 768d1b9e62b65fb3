import Foundation
import RLCMKit

/// The workspace's identity, the library and connector sharing as people read them.
extension WorkspaceIdentityReport: WholeTextRendering {
    package var text: String {
        ["\(settings.name) (\(root))",
         "  environment: \(settings.environment.rawValue)",
         "  data center: \(settings.dataCenter.rawValue)",
         "  e-mail:      \(settings.email ?? "(none)")",
         "  SDK access:  \(settings.sdkAccess.rawValue)",
         "  library:     \(settings.library ?? "(none)")",
         "  undo kept:   the last \(settings.undoKept) imports and rollbacks"].joined(separator: "\n")
    }
}

extension LibraryReport: WholeTextRendering {
    package var text: String { "Created library in \(library)" }
}

extension ConnectorSharingReport: WholeTextRendering {
    package var text: String {
        switch action {
        case .shared:
            return "Shared version \(sharedVersion ?? 0) of '\(title)' (\(visibility.rawValue) source) in \(library ?? "the library")"
        case .visibilityChanged:
            let shared = sharedVersion.map { "; shared version \($0) in the library is now \(visibility.rawValue) source too" } ?? ""
            return "'\(title)' is now \(visibility.rawValue) source\(shared)"
        }
    }
}

extension ShareLinkReport: WholeTextRendering {
    package var text: String {
        if let link { return "Share link for '\(title)': \(link)" }
        if revoked.isEmpty { return "'\(title)' has no enabled share link" }
        return "Revoked the share link of '\(title)'; nobody can install with it any more"
    }
}

extension AccessListReport: WholeTextRendering {
    package var text: String {
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

extension InstallReport: WholeTextRendering {
    package var text: String {
        let what = action == .installed ? "Installed '\(title)' version \(versionNo) (\(providerKey))"
            : "Updated '\(title)' from version \(previousVersion ?? 0) to \(versionNo)"
        return what + (codeStored ? "; open source, its code is in the connector store" : "; closed source, its code stays in the library")
    }
}

extension UpdatesReport: WholeTextRendering {
    package var text: String {
        if updates.isEmpty { return "All installed connectors are up to date." }
        return TextTable.render(header: ["TITLE", "INSTALLED", "SHARED", "NOTE"], rows: updates.map {
            [$0.title, String($0.installedVersion), String($0.sharedVersion), $0.note ?? "(no note)"]
        })
    }
}

extension ListingReport: WholeTextRendering {
    package var text: String {
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

extension SearchReport: WholeTextRendering {
    package var text: String {
        if listings.isEmpty { return "No approved listing matches '\(query)'." }
        return TextTable.render(header: ["LISTING", "APP NAME", "TAGS", "KEYWORDS"], rows: listings.map {
            [$0.id, $0.appName, $0.tags.joined(separator: ","), $0.keywords.joined(separator: ",")]
        })
    }
}
