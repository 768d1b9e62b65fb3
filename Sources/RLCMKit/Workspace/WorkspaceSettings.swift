import Foundation
import RLCMFormat

/// Where a workspace sits in the promotion path; production is where imports land.
public enum Environment: String, Codable, Sendable, CaseIterable {
    case sandbox, production
}

/// Workato's data centers; closed-source connector sharing never crosses them.
public enum DataCenter: String, Codable, Sendable, CaseIterable {
    case us, eu, jp, sg, au, il
}

/// The owner's access to the Connector SDK: publishing to the community library needs `full`.
public enum SDKAccess: String, Codable, Sendable, CaseIterable {
    case full, limited
}

/// The identity of a workspace, kept in `.rlcm/workspace.json`.
public struct WorkspaceSettings: Codable, Sendable, Equatable {
    public var formatVersion: Int
    public var name: String
    public var environment: Environment
    public var dataCenter: DataCenter
    public var createdAt: String
    /// The owner's e-mail: how access lists name this workspace and where notifications go.
    public var email: String?
    public var sdkAccess: SDKAccess = .full
    /// The library this workspace shares connectors through (an absolute path), unless a command names one.
    public var library: String?
    /// How many of the newest imports and rollbacks keep their undo data (`rlcm rollback` needs
    /// it); the newest always does.
    public var undoKept: Int = WorkspaceSettings.defaultUndoKept

    public static let defaultUndoKept = 20

    public init(name: String, environment: Environment, dataCenter: DataCenter, email: String? = nil, createdAt: Date) {
        self.formatVersion = 1
        self.name = name
        self.environment = environment
        self.dataCenter = dataCenter
        self.email = email
        self.createdAt = Timestamp.string(createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", name, environment, dataCenter = "data_center", createdAt = "created_at"
        case email, sdkAccess = "sdk_access", library, undoKept = "undo_kept"
    }
}

extension WorkspaceSettings {
    /// Workspaces created before sharing existed have no e-mail, SDK access or library: they read as
    /// no e-mail, full access and no library; before undo data, the default number of records keeps it.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        name = try container.decode(String.self, forKey: .name)
        environment = try container.decode(Environment.self, forKey: .environment)
        dataCenter = try container.decode(DataCenter.self, forKey: .dataCenter)
        createdAt = try container.decode(String.self, forKey: .createdAt)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        sdkAccess = try container.decodeIfPresent(SDKAccess.self, forKey: .sdkAccess) ?? .full
        library = try container.decodeIfPresent(String.self, forKey: .library)
        undoKept = try container.decodeIfPresent(Int.self, forKey: .undoKept) ?? WorkspaceSettings.defaultUndoKept
    }
}
