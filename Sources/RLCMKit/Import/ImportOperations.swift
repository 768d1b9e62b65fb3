import Foundation
import RLCMFormat

/// `rlcm plan` and `rlcm import`, and an API's import. Services are verbs on the session they
/// work on, one extension per domain.
extension WorkspaceSession {
    /// What importing `package` would do; writes nothing.
    public func plan(package: String, _ options: ImportOptions, progress: (any ProgressSink)? = nil) throws -> ImportPlan {
        try ImportPlanner(session: self, progress: progress).plan(package: package, options)
    }

    /// Imports `package`, all of it or nothing; with `saved`, refuses when anything that plan
    /// depends on changed since it was made.
    public func importPackage(_ package: String, _ options: ImportOptions, saved: ImportPlan? = nil,
                              progress: (any ProgressSink)? = nil) throws -> ImportResult {
        try Importer(session: self, progress: progress).importPackage(package, options, saved: saved)
    }
}
