import Foundation
import RLCMFormat

/// `rlcm init`.
public struct WorkspaceReport: Report {
    public var formatVersion = outputFormatVersion
    public var root: String
    public var settings: WorkspaceSettings
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", root, settings = "workspace" }
}

extension Workspace {
    /// `rlcm init`: a new workspace in a new or empty folder, named for the folder unless `name`,
    /// created at `createdAt` (new connectors' ids derive from it).
    public static func initialize(at directory: String, name: String?, environment: Environment, dataCenter: DataCenter,
                                  email: String? = nil, createdAt: Date) throws -> WorkspaceReport {
        if let email { try EmailAddress.validate([email]) }
        let root = Workspace.absolute(directory)
        let settings = WorkspaceSettings(name: name ?? (root as NSString).lastPathComponent, environment: environment,
                                         dataCenter: dataCenter, email: email, createdAt: createdAt)
        let workspace = try Workspace.create(at: root, settings: settings)
        return WorkspaceReport(root: workspace.root, settings: workspace.settings)
    }
}
