import Foundation
import RLCMFormat

/// Computes what rolling back a history record would do, as a plan in the import plan's own
/// format (files created, updated or removed, connectors restored or removed, the recipes that
/// run them), and what blocks it: newer records that wrote the same files, files changed since,
/// running recipes without `--restart-recipes`. Reads the workspace and writes nothing.
struct RollbackPlanner {
    let session: WorkspaceSession

    /// A rollback's plan and what applying it needs.
    struct Planned {
        var plan: ImportPlan
        var undone: HistoryRecord
        var undo: UndoRecord
        /// The digest each changed file has now (nil: absent).
        var current: [String: String?]
        /// The usage cache as the dependency report left it, for the owner to save.
        var usage: RecipeUsageCache
    }

    func plan(_ options: RollbackOptions, usage: RecipeUsageCache) throws -> Planned {
        let workspace = session.workspace
        let store = UndoStore(workspace: workspace)
        let records = try session.historyRecords()
        guard let undone = records.first(where: { $0.id == options.id }) else {
            throw HistoryError.unknownRecord(id: options.id, recent: records.suffix(5).reversed().map(\.id))
        }
        let line = try HistoryLine(records) { record in store.has(record) ? try store.record(record.id)?.changes.map(\.path) ?? [] : nil }
        if let by = line.undoneBy[undone.id] { throw HistoryError.alreadyRolledBack(id: undone.id, by: by) }
        guard store.has(undone) else { throw HistoryError.noUndoData(id: undone.id, kept: workspace.settings.undoKept) }
        let undo = try store.record(undone.id) ?? UndoRecord(id: undone.id, changes: [], createdFolders: [], running: [])

        var current: [String: String?] = [:]
        for change in undo.changes {
            let full = workspace.path(change.path)
            current[change.path] = FileSystem.isRegularFile(full) ? .some(Hashing.sha256(try FileSystem.read(full))) : .none
        }
        let states = try session.recipeStates()
        let existing = try session.connectors.all()
        var problems: [PlanProblem] = []
        let newer = line.newerWriters(of: undo.changes.map(\.path), than: undone.id)
        if !newer.isEmpty && !options.force {
            problems.append(PlanProblem(.rollback, "newer changes wrote the same files; roll back first, newest first: \(newer.joined(separator: ", ")) (or --force to put this one's files back anyway)"))
        }
        if !options.force {
            let titles = Dictionary(existing.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
            problems += undo.changes.compactMap { change in
                conflict(change, now: current[change.path] ?? nil, writer: line.lastWriter[change.path] ?? nil, undone: undone.id, titles: titles)
                    .map { PlanProblem(.rollback, path: change.path, $0) }
            }
        }
        let assets = undo.changes.filter { !$0.path.hasPrefix("\(Workspace.stateFolderName)/") }.map { change in
            asset(change, now: current[change.path] ?? nil, running: states.isRunning(change.path))
        }
        let running = assets.filter { $0.running && $0.action != .unchanged }.map(\.path)
        if !running.isEmpty && !options.restartRecipes {
            problems += running.map { PlanProblem(.runningRecipe, path: $0, "recipe '\($0)' is running; rolling back would overwrite or remove it (use --restart-recipes to stop it, roll back, and start it again where it stays)") }
        }
        let connectors = try self.connectors(undo, existing: existing, store: store)
        let found = try DependencyReport(matching: connectors.matching, states: states, byContent: false, spillingIn: session.environment.temporaryFolder)
            .targetDependents(in: workspace, excluding: Set(undo.changes.map(\.path)), usage: usage).value()
        let dependents = try found.dependents.list()
        let summary = ImportPlan.Summary(assets: assets, connectors: [], dependents: dependents, problems: problems, warnings: 0)
        var plan = ImportPlan(package: undone.package, packageSHA256: undone.packageSHA256, project: undone.project,
                              restartRecipes: options.restartRecipes, strict: false, assets: assets, connectors: connectors.plan,
                              dependents: dependents, keyRewrites: [], unresolved: [], problems: problems, blocked: !problems.isEmpty, fingerprints: SpilledList([]),
                              summary: summary)
        plan.rollback = .init(undoes: undone.id, undoesKind: undone.kind, force: options.force)
        return Planned(plan: plan, undone: undone, undo: undo, current: current, usage: found.cache)
    }

    /// Why a file blocks the rollback: it no longer holds what the record wrote. A connector's
    /// record is named by the connector's title too (`titles`: by id), as a version or a release
    /// made by hand is what changes it.
    private func conflict(_ change: UndoRecord.Change, now: String?, writer: String?, undone: String, titles: [Int: String]) -> String? {
        guard now != change.after, now != change.before else { return nil }
        let what = now == nil ? "was removed" : change.after == nil ? "was created again" : "was changed"
        let who = writer.flatMap { $0 == undone ? nil : "by '\($0)'" } ?? "since"
        let file = ConnectorStore.id(ofRecord: change.path).flatMap { titles[$0] }
            .map { "the record of connector '\($0)' ('\(change.path)')" } ?? "'\(change.path)'"
        return "\(file) \(what) \(who); rolling back would lose that (--force puts back what it held before '\(undone)')"
    }

    /// A changed project file as a row of the plan: what the rollback does to it from where it is now.
    private func asset(_ change: UndoRecord.Change, now: String?, running: Bool) -> ImportPlan.Asset {
        let action: ImportPlan.AssetAction = now == change.before ? .unchanged : change.before == nil ? .remove : now == nil ? .create : .update
        return ImportPlan.Asset(zipName: String(change.path.split(separator: "/", maxSplits: 1).last ?? ""), path: change.path,
                                type: AssetType.of(change.path) ?? AssetType("file"), action: action, contentDiffers: action == .update ? true : nil,
                                running: running, newSHA256: action == .remove || action == .unchanged ? nil : change.before, keyRewrites: 0)
    }

    /// The connectors whose record the rollback puts back or removes, as plan rows, and the
    /// matching the dependency report reads: each connector's released code after the rollback.
    private func connectors(_ undo: UndoRecord, existing: [Connector], store: UndoStore) throws -> (plan: [ImportPlan.Connector], matching: ConnectorMatching) {
        let connectors = session.connectors
        var matching = ConnectorMatching()
        matching.existing = existing
        for change in undo.changes {
            guard let id = ConnectorStore.id(ofRecord: change.path), let now = matching.existing.first(where: { $0.id == id }) else { continue }
            let before = try change.before.map { try StateCoding.decode(Connector.self, from: try store.contents($0, for: change.path), file: change.path) }
            let releasedNow = try now.releasedVersion.map { try connectors.code(of: now, version: $0) }
            let restored = try before?.releasedVersion.map { version -> [UInt8] in
                let path = "\(connectors.folder(id))/v\(version).rb"
                if let sha = undo.changes.first(where: { $0.path == path })?.before { return try store.contents(sha, for: path) }
                return try FileSystem.read(session.workspace.path(path))
            }
            if let before, before.releasedVersion == now.releasedVersion { continue }
            let code = String(decoding: restored ?? [], as: UTF8.self)
            matching.sources[now.providerKey] = ConnectorSource(code: code)
            let note = before.flatMap { connector in connector.versions.first { $0.versionNo == connector.releasedVersion }?.note }
            matching.connectors.append(ImportPlan.Connector(
                title: now.title, zipName: "", action: before == nil ? .remove : .restore, packageVersionNo: nil, note: note,
                releasedBefore: now.releasedVersion, newVersionNo: before?.releasedVersion ?? 0, targetKey: now.providerKey, packageKeys: [],
                identicalToReleased: releasedNow.map { $0 == restored ?? [] },
                codeDiff: releasedNow.map { CodeDiffSummary(old: String(decoding: $0, as: UTF8.self), new: code) }))
        }
        return (matching.connectors, matching)
    }
}
