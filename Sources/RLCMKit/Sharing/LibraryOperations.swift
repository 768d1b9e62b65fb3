import Foundation

/// What is done to a library itself, by its reviewers or anyone searching it; no workspace needed.
extension Library {
    /// Approves or rejects a listing and tells its developer by e-mail, both dated `now`.
    public func reviewListing(_ id: String, approve: Bool, reason: String?, now: Date) throws -> ListingReport {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !approve && (reason ?? "").isEmpty { throw SharingError.reasonRequired }
        let listing = try review(id: id, approve: approve, reason: reason, at: now)
        let outcome = approve ? "approved" : "rejected"
        var body = ["Hello,", "", "your community library listing '\(listing.appName)' (connector '\(listing.title)', listing \(listing.id)) was \(outcome)."]
        if let reason, !reason.isEmpty { body += ["", "Reviewer's note: \(reason)"] }
        body += ["", approve ? "It can now be found with 'rlcm library search'." : "Correct it and submit it again with 'rlcm connector publish'."]
        let message = MailMessage(from: MailMessage.librarySender, to: listing.ownerEmail,
                                  subject: "Your listing '\(listing.appName)' was \(outcome)", body: body.joined(separator: "\n"), date: now)
        return ListingReport(action: approve ? .approved : .rejected, listing: listing, notification: try send(message))
    }

    /// Approved listings whose app name, a tag or a keyword contains `text` (ignoring case).
    public func search(_ text: String) throws -> SearchReport {
        SearchReport(query: text, listings: try listings().filter { $0.status == .approved && $0.matches(text) })
    }
}

extension FolderLibrary {
    /// `rlcm library init`: a new library in a new or empty folder.
    public static func initialize(at path: String, environment: RunEnvironment) throws -> LibraryReport {
        LibraryReport(library: try create(at: path, environment: environment).root)
    }
}
