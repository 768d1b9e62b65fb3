import Foundation
import RLCMAPI
import RLCMKit

/// The workspace's history (`WorkspaceSession.history()`) as the platform's deployments: each
/// import and each rollback is one deployment of its project, recorded once it committed.
extension WorkspaceView {
    /// Every import and rollback as a deployment, oldest first.
    ///
    /// - `id`: the record's 1-based position in the history, which is its `sequence` (records
    ///   older than sequences come first, in time order). Records are never deleted and a new one
    ///   gets the next sequence under the workspace lock, so a record keeps its id whatever the
    ///   clock does; and the id comes from the workspace alone, so it is the same from any server
    ///   of the workspace, and after the server's own state is removed.
    /// - `environment_type`: the workspace's environment. The platform deploys to `test` or `prod`:
    ///   a production workspace's imports are deployments to `prod`, a sandbox's to `test`, the
    ///   place where changes are tried before production.
    /// - `project_id`: the id of the project's folder, as a string (a project's id is its folder's,
    ///   `projects`); a project whose folder a rollback removed keeps the id, and gets it back if
    ///   the folder comes again.
    /// - `project_build_id`: null. rlcm makes no builds; the package the import read is named by
    ///   the description (and by its SHA-256 in `rlcm history`).
    /// - `state`: `success`. Only committed imports and rollbacks are recorded; one that failed
    ///   left nothing (the package job that ran it says why), and none is ever pending.
    /// - `performed_by_name`: who asked for it (`HistoryRecord.origin`: `rlcm serve job N` for an
    ///   import through this API), else `rlcm`, the command line.
    func deployments() throws -> [API.Deployment] {
        let records = try session.history().imports.map(\.record)
        let projectIds = try store.ids(kind: Self.folderKind, keys: Self.unique(records.map(\.project)))
        let environment = Self.environmentType(workspace.settings.environment)
        let byId = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return records.enumerated().map { index, record in
            API.Deployment(id: index + 1, createdAt: record.time, updatedAt: record.time,
                           description: Self.describe(record, undone: record.undid.flatMap { byId[$0] }), projectBuildId: nil,
                           environmentType: environment, projectId: String(projectIds[record.project]!), state: .success,
                           performedByName: record.origin ?? "rlcm")
        }
    }

    private static func environmentType(_ environment: RLCMKit.Environment) -> API.EnvironmentType {
        switch environment {
        case .production: .prod
        case .sandbox: .test
        }
    }

    /// What a record did, with its history id (what `rlcm rollback` takes); for a rollback, what
    /// it undid.
    private static func describe(_ record: HistoryRecord, undone: HistoryRecord?) -> String {
        switch record.kind {
        case .import:
            return "Import \(record.id): \(packageName(record)) into '\(record.project)'"
        case .rollback:
            let kind = undone.map { "\($0.kind.rawValue) " } ?? ""
            return "Rollback \(record.id): undid \(kind)\(record.undid ?? "") (\(packageName(record)) into '\(record.project)')"
        }
    }

    /// The package's file name: an import through the API reads the upload under the server's state.
    private static func packageName(_ record: HistoryRecord) -> String {
        (record.package as NSString).lastPathComponent
    }
}
