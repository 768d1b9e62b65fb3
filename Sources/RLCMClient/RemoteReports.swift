import Foundation
import RLCMAPI
import RLCMFormat
import RLCMKit

/// `rlcm remote list` (`Schemas/remote-list.schema.json`).
public struct RemoteList: Report {
    public var formatVersion = outputFormatVersion
    public var remotes: [Remote]
    /// Where they are kept.
    public var file: String

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", remotes, file }

    public init(remotes: [Remote], file: String) {
        self.remotes = remotes
        self.file = file
    }
}

/// `rlcm remote add` and `rlcm remote remove` (`Schemas/remote-list.schema.json#/$defs/change`).
public struct RemoteChange: Report {
    public enum Action: String, Codable, Sendable { case added, removed }

    public var formatVersion = outputFormatVersion
    public var action: Action
    public var remote: Remote

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", action, remote }

    public init(action: Action, remote: Remote) {
        self.action = action
        self.remote = remote
    }
}

/// `rlcm import --remote` (`Schemas/remote-import.schema.json`): the platform's job and what it
/// did with each recipe.
public struct RemoteImportReport: Report {
    public struct Job: Codable, Sendable {
        public var id: Int
        public var status: API.JobStatus
    }

    public struct Recipe: Codable, Sendable {
        public var id: Int
        @Nullable public var name: String?
        /// `no_update_or_updated_without_restart`, `restarted`, `stopped` or `restart_failed`.
        public var importResult: String
        enum CodingKeys: String, CodingKey { case id, name, importResult = "import_result" }
    }

    public var formatVersion = outputFormatVersion
    public var remote: Remote
    public var package: String
    public var packageSHA256: String
    public var project: String
    public var folderId: Int
    /// The saved plan checked against the remote before anything was sent.
    @Nullable public var checkedPlan: String?
    public var job: Job
    public var recipes: [Recipe]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", remote, package, packageSHA256 = "package_sha256", project, folderId = "folder_id"
        case checkedPlan = "checked_plan", job, recipes
    }
}

/// `rlcm export --remote` (`Schemas/remote-export.schema.json`).
public struct RemoteExportReport: Report {
    public var formatVersion = outputFormatVersion
    public var remote: Remote
    public var folder: String
    public var output: String
    public var packageSHA256: String
    public var bytes: Int
    public var assets: Int
    /// Titles of the custom connectors the package carries.
    public var connectors: [String]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", remote, folder, output, packageSHA256 = "package_sha256", bytes, assets, connectors
    }
}
