import Foundation
import RLCMFormat

/// What every import and rollback writes besides its own changes, in its transaction before it
/// commits: its undo data, the baseline of the project it wrote, the pruning of old undo data,
/// and its history record. One implementation for both, so that a rollback is recorded (and
/// can be rolled back) exactly as an import is.
struct HistoryWriting {
    let session: WorkspaceSession

    /// Records `record` (its `undo` size filled in here) for the changes staged in `transaction`.
    /// `known`: digests of current files the caller already computed; `states`: the recipe run
    /// states before the change.
    func record(_ record: HistoryRecord, in transaction: Transaction, known: [String: String], states: RecipeStates) throws -> HistoryRecord {
        let workspace = session.workspace
        var record = record
        // Counted, not read: the records are only ordered where undo data is pruned, and there the
        // few that still have some are enough. An import's cost must not grow with the history.
        record.sequence = try session.historyCount() + 1
        // Ids hold the time to the millisecond; a fixed clock (or a rollback soon after another) may repeat one.
        if FileSystem.exists(workspace.path("\(HistoryRecord.folder)/\(record.id).json")) { record.id += "-\(record.sequence!)" }
        let store = UndoStore(workspace: workspace)
        let captured = try store.capture(id: record.id, in: transaction, known: known, states: states)
        // The projects it wrote: top-level folders (a file at the root belongs to none).
        let projects = Set(captured.record.changes.compactMap { change -> String? in
            let parts = change.path.split(separator: "/", maxSplits: 1)
            return parts.count == 2 && parts[0] != Workspace.stateFolderName ? String(parts[0]) : nil
        }).union([record.project])
        for project in projects.sorted() {
            try ProjectBaseline.update(project, after: captured.record, record: record.id, time: record.time, in: transaction, workspace: workspace)
        }
        try store.prune(keep: workspace.settings.undoKept, adding: captured.record, in: transaction) { stored in
            try session.historyRecords(ids: stored.subtracting([record.id])).map(\.id) + [record.id]
        }
        record.undo = captured.size
        try transaction.write("\(HistoryRecord.folder)/\(record.id).json", try StateCoding.encode(record))
        return record
    }
}
