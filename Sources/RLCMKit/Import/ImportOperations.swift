import Foundation
import RLCMFormat

/// `rlcm plan` and `rlcm import`, and an API's import: the planner, then the applier, with the
/// workspace's usage cache opened once and saved once here, its one owner. Services are verbs on
/// the session they work on, one extension per domain.
extension WorkspaceSession {
    /// What importing `package` would do; writes nothing in the workspace.
    public func plan(package: String, _ options: ImportOptions) throws -> ImportPlan {
        let planned = try ImportPlanner(session: self).plan(package: package, options, usage: RecipeUsageCache(workspace: workspace, environment: environment))
        planned.usage.save()
        return planned.plan
    }

    /// Imports `package`, all of it or nothing; with `saved`, refuses when anything that plan
    /// depends on changed since it was made.
    public func importPackage(_ package: String, _ options: ImportOptions, saved: ImportPlan? = nil) throws -> ImportResult {
        let staging = try StagingArea(root: workspace.root)
        defer { staging.discard() }
        let planner = ImportPlanner(session: self)
        let planned = try planner.plan(package: package, options, newKeys: ImportPlanner.newKeys(following: saved), staging: staging,
                                       usage: RecipeUsageCache(workspace: workspace, environment: environment))
        // Saved whatever happens: a refused import's scan still spares the next command reads.
        let usage = planned.usage
        var learned = false
        defer { if !learned { usage.save() } }
        try ImportApplier.check(planned.plan, against: saved)
        guard let staged = planned.staged else { preconditionFailure("an import's plan is staged") }
        Platform.returnFreedMemory(beyond: 32 << 20)  // planning's scratch, before the applier's own
        let (written, workspace) = (planned.recipesWritten, workspace)
        // The cache learns the stamps of the recipes placed, and is saved, while the commit's last
        // flush waits on the disk.
        let applied = try ImportApplier(session: self, now: planner.now).apply(planned.plan, staged: staged, origin: options.origin) { placing in
            var usage = usage
            usage.record(written: written, in: workspace, placing: placing)
            usage.save()
        }
        learned = true
        return applied.result
    }
}
