import Foundation
import RLCMFormat

/// A connector's shared version as the library keeps it (`connectors/<uid>/shared.json`): enough
/// for an installer to decide whether it may install, and to create its own copy.
public struct SharedConnector: Codable, Sendable, Equatable {
    public var uid: String
    public var title: String
    public var description: String?
    public var logoFileName: String?
    public var logoContentType: String?
    public var ownerEmail: String?
    public var dataCenter: DataCenter
    public var visibility: Visibility
    public var versionNo: Int
    public var note: String?
    public var sharedAt: String

    enum CodingKeys: String, CodingKey {
        case uid, title, description, logoFileName = "logo_file_name", logoContentType = "logo_content_type"
        case ownerEmail = "owner_email", dataCenter = "data_center", visibility, versionNo = "version_no", note, sharedAt = "shared_at"
    }
}

/// A share link (`links/<token>.json`). The token is the only secret: whoever holds an enabled one
/// may install the connector (subject to the access list when the source is closed).
public struct ShareLink: Codable, Sendable, Equatable {
    public var token: String
    public var uid: String
    public var enabled: Bool
    public var createdAt: String

    enum CodingKeys: String, CodingKey { case token, uid, enabled, createdAt = "created_at" }

    static let scheme = "rlcm://links/"
    /// 32 random bytes in hex.
    static let tokenLength = 64

    /// How the link is handed to installers; `connector install` takes this or the bare token.
    public var url: String { "\(ShareLink.scheme)\(token)" }
}

/// A community library listing (`listings/<id>.json`).
public struct Listing: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case pending, approved, rejected }

    public var id: String
    public var uid: String
    public var title: String
    public var appName: String
    public var tags: [String]
    public var keywords: [String]
    public var hideSource: Bool
    public var preventDirectInstall: Bool
    public var landingPage: String?
    public var ownerEmail: String
    public var status: Status
    public var reason: String?
    public var submittedAt: String
    public var reviewedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, uid, title, appName = "app_name", tags, keywords, hideSource = "hide_source"
        case preventDirectInstall = "prevent_direct_install", landingPage = "landing_page", ownerEmail = "owner_email"
        case status, reason, submittedAt = "submitted_at", reviewedAt = "reviewed_at"
    }

    /// Whether `text` occurs (case-insensitively) in the app name, a tag or a keyword.
    func matches(_ text: String) -> Bool {
        let needle = text.lowercased()
        return ([appName] + tags + keywords).contains { $0.lowercased().contains(needle) }
    }
}

/// Random identifiers from the system's cryptographic generator: link tokens must be unguessable,
/// and uids and listing ids must never collide between workspaces that never met.
enum RandomToken {
    static func hex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Hashing.hex((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
