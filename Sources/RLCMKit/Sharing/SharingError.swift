import Foundation
import RLCMFormat

/// Problems with sharing, installing and listing connectors, worded so the user knows what to do next.
public enum SharingError: RLCMError, Equatable {
    case noLibraryConfigured
    case notALibrary(String)
    case libraryExists(String)
    case libraryBusy(holder: String, waitedSeconds: Double)
    case noReleasedVersionToShare
    case notReleased(title: String, version: Int, released: [Int])
    case notShared(title: String)
    case notInstalled(title: String)
    case noEmail(action: String)
    case unknownConnector(uid: String)
    case unknownLink(String)
    case revokedLink
    case unknownListing(String)
    case listingNotApproved(id: String, status: String)
    case directInstallPrevented(id: String, landingPage: String)
    case notOnAccessList(email: String, title: String)
    case crossDataCenter(title: String, developer: DataCenter, installer: DataCenter)
    case alreadyInstalled(title: String)
    case titleTaken(title: String)
    case hiddenSourceListed(title: String, listing: String)
    case noUpdate(title: String, version: Int)
    case listingProblems([String])
    case notListed(title: String)
    case reasonRequired

    public var description: String {
        switch self {
        case .noLibraryConfigured:
            return "no library: give --library DIR, or set one with 'rlcm workspace set library DIR' (create one with 'rlcm library init DIR')"
        case .notALibrary(let path):
            return "'\(path)' is not an rlcm library (it has no library.json); create one with 'rlcm library init DIR'"
        case .libraryExists(let path):
            return "'\(path)' is already an rlcm library"
        case .libraryBusy(let holder, let waited):
            return "the library is busy: \(holder) holds its lock; gave up after waiting \(waited.formatted()) s"
        case .noReleasedVersionToShare:
            return "There is no released version to share"
        case .notReleased(let title, let version, let released):
            return "version \(version) of '\(title)' was never released; released versions: \(released.map(String.init).joined(separator: ", "))"
        case .notShared(let title):
            return "'\(title)' has no shared version; share one first with 'rlcm connector share \"\(title)\"'"
        case .notInstalled(let title):
            return "'\(title)' was not installed from a library; 'connector update' takes new shared versions of installed connectors"
        case .noEmail(let action):
            return "this workspace has no e-mail; \(action) needs one: set it with 'rlcm workspace set email ADDR'"
        case .unknownConnector(let uid):
            return "the library has no shared connector '\(uid)'; its developer may have removed it"
        case .unknownLink(let token):
            return "no share link '\(token)' in the library; check the link you were given"
        case .revokedLink:
            return "this share link was revoked by the connector's developer; ask them for a new one"
        case .unknownListing(let id):
            return "no listing '\(id)' in the library; find listings with 'rlcm library search TEXT'"
        case .listingNotApproved(let id, let status):
            return "listing '\(id)' is \(status), not approved; it can be installed once the library's reviewers approve it"
        case .directInstallPrevented(let id, let page):
            return "listing '\(id)' cannot be installed directly; its developer shares it by link only (see \(page))"
        case .notOnAccessList(let email, let title):
            return "'\(email)' is not on the access list of closed-source connector '\(title)'; ask its developer to add this workspace's e-mail"
        case .crossDataCenter(let title, let developer, let installer):
            return "closed-source connector '\(title)' is shared from data center \(developer.rawValue) and cannot be installed in a workspace in \(installer.rawValue)"
        case .alreadyInstalled(let title):
            return "'\(title)' is already installed in this workspace; take new versions with 'rlcm connector update \"\(title)\"'"
        case .titleTaken(let title):
            return "this workspace already has its own connector titled '\(title)'; rename it before installing"
        case .hiddenSourceListed(let title, let listing):
            return "'\(title)' is listed with hidden source (listing \(listing)); unpublish it before changing its source visibility"
        case .noUpdate(let title, let version):
            return "'\(title)' is up to date (version \(version) is the shared version)"
        case .listingProblems(let problems):
            return "the listing cannot be submitted:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        case .notListed(let title):
            return "'\(title)' has no listing in the library"
        case .reasonRequired:
            return "a rejection needs --reason TEXT, which is sent to the developer"
        }
    }
}
