import Foundation

/// What the community library asks of a submission. Every rule is checked and every failure
/// reported at once, so one round of corrections is enough.
enum ListingRules {
    static let maximumKeywords = 3

    struct Submission {
        var appName: String
        var tags: [String]
        var keywords: [String]
        var hideSource: Bool
        var preventDirectInstall: Bool
        var landingPage: String?
        var acceptAgreement: Bool
    }

    static func problems(_ submission: Submission, connector: Connector, settings: WorkspaceSettings, others: [Listing]) -> [String] {
        var problems: [String] = []
        if settings.sdkAccess != .full {
            problems.append("publishing needs full access to the Connector SDK; this workspace's owner has \(settings.sdkAccess.rawValue) access")
        }
        if settings.email == nil {
            problems.append("the workspace has no e-mail for the review outcome; set it with 'rlcm workspace set email ADDR'")
        }
        if connector.sharedVersion == nil {
            problems.append("the connector has no shared version; share one first with 'rlcm connector share \"\(connector.title)\"'")
        }
        if !hasSupportContact(connector.description ?? "") {
            problems.append("the description gives no support contact; add an e-mail address, a documentation link or a help-centre URL (push a version with --description FILE)")
        }
        let appName = submission.appName.trimmingCharacters(in: .whitespaces)
        if appName.isEmpty {
            problems.append("the app name is missing (--app-name NAME)")
        } else if others.contains(where: { $0.appName == appName && $0.uid != connector.uid }) {
            problems.append(appNameTaken(appName))
        }
        if submission.keywords.count > maximumKeywords {
            problems.append("at most \(maximumKeywords) keywords are allowed; \(submission.keywords.count) were given (\(submission.keywords.joined(separator: ", ")))")
        }
        if submission.preventDirectInstall && !(submission.landingPage.map(isWebURL) ?? false) {
            let given = submission.landingPage.map { "'\($0)' is not an http(s) URL" } ?? "none was given"
            problems.append("preventing direct installation needs a landing page URL (--landing-page https://…); \(given)")
        }
        if !submission.acceptAgreement {
            problems.append("the developer agreement must be accepted (--accept-agreement)")
        }
        if let previous = others.first(where: { $0.uid == connector.uid }), previous.hideSource != submission.hideSource {
            problems.append(hiddenSourceFixed(previous.hideSource))
        }
        return problems
    }

    static func appNameTaken(_ name: String) -> String {
        "the app name '\(name)' is taken by another listing (app names are case-sensitive and unique)"
    }

    static func hiddenSourceFixed(_ hidden: Bool) -> String {
        "the listing was published with \(hidden ? "hidden" : "visible") source; that cannot change without unpublishing ('rlcm connector unpublish')"
    }

    /// An e-mail address or an http(s) link anywhere in the text.
    static func hasSupportContact(_ description: String) -> Bool {
        let words = description.split(whereSeparator: { $0.isWhitespace || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" || $0 == "," })
        return words.contains { word in
            let trimmed = word.trimmingCharacters(in: CharacterSet(charactersIn: ".;:!?'\""))
            return EmailAddress.isValid(trimmed.hasPrefix("mailto:") ? String(trimmed.dropFirst(7)) : trimmed) || isWebURL(trimmed)
        }
    }

    static func isWebURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host else { return false }
        return host.contains(".") && !host.hasPrefix(".") && !host.hasSuffix(".")
    }
}
