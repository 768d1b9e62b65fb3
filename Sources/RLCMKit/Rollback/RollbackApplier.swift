import Foundation
import RLCMFormat

/// Applies a rollback's plan in one transaction: every file the undone record changed gets the
/// bytes it held before (or is removed, with the folders the record created), the changed
/// recipes get the run states they had, and the rollback is recorded with undo data of its own,
/// so that rolling it back brings the change back.
struct RollbackApplier {
    let session: WorkspaceSession
    let now: Date

    func apply(_ planned: RollbackPlanner.Planned) throws -> RollbackResult {
        if !planned.plan.problems.isEmpty { throw HistoryError.rollbackBlocked(id: planned.undone.id, problems: planned.plan.problems.map(\.message)) }
        let store = UndoStore(workspace: session.workspace)
        let transaction = try session.transaction()
        var known: [String: String] = [:]
        for change in planned.undo.changes {
            let now = planned.current[change.path] ?? nil
            if let now { known[change.path] = now }
            guard now != change.before else { continue }
            if let before = change.before {
                try transaction.write(change.path, try store.contents(before, for: change.path))
            } else {
                try transaction.remove(change.path)
            }
        }
        for folder in planned.undo.createdFolders.reversed() { transaction.removeIfEmptied(folder: folder) }
        let states = try session.recipeStates()
        var restored = states
        for change in planned.undo.changes where AssetType.of(change.path) == AssetType.recipe {
            restored.set(change.path, running: change.before != nil && planned.undo.running.contains(change.path))
        }
        if restored != states { try restored.write(in: transaction) }
        let restarted = planned.plan.assets.filter { $0.running && ($0.action == .update || $0.action == .create) && restored.isRunning($0.path) }.map(\.path)
        let undone = planned.undone
        let record = try HistoryWriting(session: session).record(
            HistoryRecord(id: HistoryRecord.id(at: now, suffix: "rollback"), kind: .rollback, time: Timestamp.string(now), undid: undone.id,
                          package: undone.package, packageSHA256: undone.packageSHA256, project: undone.project, summary: planned.plan.summary,
                          connectorVersions: [], restartedRecipes: restarted, unresolved: [], origin: nil, undo: nil),
            in: transaction, known: known, states: states)
        try transaction.commit()
        return RollbackResult(id: record.id, plan: planned.plan, restartedRecipes: restarted)
    }
}

extension WorkspaceSession {
    /// What rolling back `options.id` would do; writes nothing in the workspace.
    public func planRollback(_ options: RollbackOptions) throws -> ImportPlan {
        let planned = try RollbackPlanner(session: self).plan(options, usage: RecipeUsageCache(workspace: workspace, environment: environment))
        planned.usage.save()
        return planned.plan
    }

    /// Puts back everything `options.id` changed, all of it or nothing, and records the rollback.
    public func rollback(_ options: RollbackOptions) throws -> RollbackResult {
        let planned = try RollbackPlanner(session: self).plan(options, usage: RecipeUsageCache(workspace: workspace, environment: environment))
        planned.usage.save()
        return try RollbackApplier(session: self, now: environment.now).apply(planned)
    }
}
