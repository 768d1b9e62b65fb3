import Foundation
import RLCMFormat

/// Applies an import plan: all of it in one transaction, or nothing. It does exactly what the
/// plan says, with the bytes the planner staged, and refuses a saved plan whose fingerprints no
/// longer hold.
struct ImportApplier {
    let session: WorkspaceSession
    let now: Date

    /// What applying did: the result reported, and when the placing of files began (what the
    /// usage cache needs to vouch for what was written).
    struct Applied {
        var result: ImportResult
        var placing: Int
    }

    /// Refuses a saved plan made for another workspace, one that no longer holds against
    /// `current`, the same plan made now (whose actions are then the saved one's), and a plan with
    /// problems.
    static func check(_ current: ImportPlan, against saved: ImportPlan?) throws {
        if let saved {
            if let madeFor = saved.madeFor, let this = current.madeFor, madeFor != this {
                throw ImportError.otherWorkspace(madeFor: madeFor.description, this: this.description)
            }
            let changes = changes(from: saved, to: current)
            if !changes.isEmpty { throw ImportError.stalePlan(changes: changes) }
        }
        if !current.problems.isEmpty { throw ImportError.blocked(problems: current.problems.map(\.message)) }
    }

    /// Creates and releases the plan's connector versions, places the staged files, writes the
    /// history record and commits, in the transaction that adopts `staged`'s area. `whileFlushing`
    /// runs once the files are in place, while they are made durable (`Transaction.commit`).
    func apply(_ plan: ImportPlan, staged: StagedImport, origin: String?, whileFlushing: (@Sendable (Int) -> Void)? = nil) throws -> Applied {
        let transaction = try Transaction(adopting: staged.area, faults: session.environment.faults)
        let created = try addConnectorVersions(plan, staged: staged, in: transaction)
        for asset in plan.assets where asset.action == .create || asset.action == .update {
            guard let file = staged.files[asset.path] else { preconditionFailure("the planner staged every file the plan writes") }
            try transaction.adopt(asset.path, staged: file, sha256: asset.newSHA256)
        }
        let states = try session.recipeStates()
        try prune(plan, states: states, in: transaction)
        let restarted = plan.assets.filter { $0.running && $0.action == .update }.map(\.path)
        let time = Timestamp.string(now)
        let record = try HistoryWriting(session: session).record(
            HistoryRecord(id: HistoryRecord.id(at: now, suffix: String(plan.packageSHA256.prefix(8))), kind: .import, time: time,
                          package: plan.package, packageSHA256: plan.packageSHA256, project: plan.project, summary: plan.summary,
                          connectorVersions: created, restartedRecipes: restarted, unresolved: plan.unresolved, origin: origin, undo: nil),
            in: transaction, known: Self.knownDigests(plan, writing: staged.files), states: states)
        let placing = try transaction.commit(whileFlushing: whileFlushing)
        let id = record.id
        return Applied(result: ImportResult(id: id, plan: plan, connectorVersions: created, restartedRecipes: restarted), placing: placing)
    }

    /// Removes what `--prune` removes, a running recipe stopped first (the plan refused that
    /// without `--restart-recipes`). The undo data keep what was removed, and whether it ran.
    private func prune(_ plan: ImportPlan, states: RecipeStates, in transaction: Transaction) throws {
        var after = states
        for leftover in plan.notInPackage ?? [] where leftover.action == .remove {
            try transaction.remove(leftover.path)
            if leftover.running { after.set(leftover.path, running: false) }
        }
        if after != states { try after.write(in: transaction) }
    }

    /// The digests the plan holds of the files the import overwrites, which undo data then need
    /// not read again.
    private static func knownDigests(_ plan: ImportPlan, writing files: [String: String]) -> [String: String] {
        var known: [String: String] = [:]
        for print in plan.fingerprints where files[print.path] != nil {
            if let sha256 = print.sha256 { known[print.path] = sha256 }
        }
        return known
    }

    /// Each connector of the plan as a new version in the store, released at once, but those it reuses.
    private func addConnectorVersions(_ plan: ImportPlan, staged: StagedImport, in transaction: Transaction) throws -> [HistoryRecord.CreatedVersion] {
        var created: [HistoryRecord.CreatedVersion] = []
        for connector in plan.connectors where connector.action != .reuse {
            guard let carried = staged.connectors.first(where: { $0.zipName == connector.zipName }), let code = carried.code else { continue }
            let logo = try carried.logo.map {
                try ConnectorStore.Logo(entry: carried.logoEntry ?? "", fileName: carried.logoFileName, contentType: carried.logoContentType, bytes: $0)
            }
            let isNew = connector.action == .create
            let (result, _) = try session.connectors.addVersion(
                title: connector.title, code: code, note: carried.note,
                description: isNew ? .some(carried.description) : nil, logo: isNew ? logo : nil, release: true,
                source: .init(packageSHA256: plan.packageSHA256, versionNo: carried.versionNo), metadata: carried.metadata,
                identity: staged.newIdentities[connector.title], now: now, in: transaction)
            precondition(result.latestVersion == connector.newVersionNo && result.providerKey == connector.targetKey, "the plan and the store agree")
            created.append(.init(connector: connector.title, versionNo: result.latestVersion, packageVersionNo: carried.versionNo))
        }
        return created
    }

    /// What differs between a saved plan and the same plan made now, in words (empty: it still
    /// holds). The one staleness rule, for a folder and for a remote's snapshot alike.
    static func changes(from saved: ImportPlan, to current: ImportPlan) -> [String] {
        var changes: [String] = []
        if saved.packageSHA256 != current.packageSHA256 {
            changes.append("the package '\(current.package)' changed (sha256 \(saved.packageSHA256.prefix(12))… is now \(current.packageSHA256.prefix(12))…)")
        }
        if saved.project != current.project { changes.append("the target project is '\(current.project)', the plan was made for '\(saved.project)'") }
        let now = Dictionary(current.fingerprints.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let values = PropertyValues.fingerprintPath
        if saved.fingerprints.first(where: { $0.path == values })?.sha256 != now[values]?.sha256 {
            changes.append("the values given (--values) are not the ones the plan was made with")
        }
        for print in saved.fingerprints where print.path != values {
            guard let value = now[print.path] else {
                changes.append("'\(print.path)' was changed (the plan made now no longer reads it)")
                continue
            }
            if value.sha256 != print.sha256 || value.stamp != print.stamp {
                let what = !print.exists ? "was created" : !value.exists ? "was deleted" : "was changed"
                changes.append(print.path == ConnectorStore.folder ? "the connector store gained or lost a connector" : "'\(print.path)' \(what)")
            }
        }
        func removals(_ plan: ImportPlan) -> [String] { (plan.notInPackage ?? []).filter { $0.action == .remove }.map(\.path) }
        if changes.isEmpty && (saved.assets != current.assets || saved.connectors.map(\.newVersionNo) != current.connectors.map(\.newVersionNo)
                               || removals(saved) != removals(current)) {
            changes.append("the actions the plan would take are no longer the same")
        }
        if saved.unresolved != current.unresolved {
            changes.append("the references that resolve nowhere are no longer the same (\(saved.unresolved.count) then, \(current.unresolved.count) now)")
        }
        return changes
    }
}
