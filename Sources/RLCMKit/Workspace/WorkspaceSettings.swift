import Foundation

/// Where a workspace sits in the promotion path; production is where imports land.
public enum Environment: String, Codable, Sendable, CaseIterable {
    case sandbox, production
}

/// Workato's data centers; closed-source connector sharing never crosses them.
public enum DataCenter: String, Codable, Sendable, CaseIterable {
    case us, eu, jp, sg, au, il
}

/// The identity of a workspace, kept in `.rlcm/workspace.json`.
public struct WorkspaceSettings: Codable, Sendable, Equatable {
    public var formatVersion: Int
    public var name: String
    public var environment: Environment
    public var dataCenter: DataCenter
    public var createdAt: String

    public init(name: String, environment: Environment, dataCenter: DataCenter, createdAt: Date = Date()) {
        self.formatVersion = 1
        self.name = name
        self.environment = environment
        self.dataCenter = dataCenter
        self.createdAt = Timestamp.string(createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", name, environment, dataCenter = "data_center", createdAt = "created_at"
    }
}
