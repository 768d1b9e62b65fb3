import Foundation
import RLCMFormat

/// What an import did, asset by asset and connector by connector (`Schemas/import-result.schema.json`).
public struct ImportResult: Report {
    public var formatVersion = outputFormatVersion
    public var id: String
    public var plan: ImportPlan
    public var connectorVersions: [ImportRecord.CreatedVersion]
    /// Running recipes that were stopped, overwritten and started again.
    public var restartedRecipes: [String]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", id, plan, connectorVersions = "connector_versions", restartedRecipes = "restarted_recipes"
    }
}

/// Applies an import plan: all of it in one transaction, or nothing.
struct Importer {
    /// The planner whose second pass stages the files the import writes.
    let planner: ImportPlanner

    init(session: WorkspaceSession, now: Date = Clock.now(), progress: (any ProgressSink)? = nil) {
        planner = ImportPlanner(session: session, now: now, progress: progress)
    }

    /// Plans and applies in one go; with `saved`, refuses when anything the saved plan depends on changed.
    func importPackage(_ file: String, _ options: ImportOptions, saved: ImportPlan? = nil) throws -> ImportResult {
        let session = planner.session, now = planner.now
        let transaction = try session.transaction()
        let outcome = try planner.plan(package: file, options, staging: transaction, newKeys: ImportPlanner.newKeys(following: saved))
        let plan = outcome.plan
        // Saved whatever happens: a refused import's scan still spares the next command reads.
        var usageCache = outcome.usageCache
        defer { usageCache.save() }
        if let saved {
            let changes = Importer.changes(from: saved, to: plan)
            if !changes.isEmpty { throw ImportError.stalePlan(changes: changes) }
        }
        if !plan.problems.isEmpty { throw ImportError.blocked(problems: plan.problems) }

        let store = session.connectors
        var created: [ImportRecord.CreatedVersion] = []
        for connector in plan.connectors {
            guard let carried = outcome.index.connectors.first(where: { $0.zipName == connector.zipName }), let code = carried.code else { continue }
            let logo = try carried.logo.map {
                try ConnectorStore.Logo(entry: carried.logoEntry ?? "", fileName: carried.logoFileName, contentType: carried.logoContentType, bytes: $0)
            }
            let isNew = connector.action == .create
            let result = try store.addVersion(
                title: connector.title, code: code, note: carried.note,
                description: isNew ? .some(carried.description) : nil, logo: isNew ? logo : nil, release: true,
                source: .init(packageSHA256: plan.packageSHA256, versionNo: carried.versionNo), metadata: carried.metadata,
                identity: outcome.newIdentities[connector.title], now: now, in: transaction)
            precondition(result.latestVersion == connector.newVersionNo && result.providerKey == connector.targetKey, "the plan and the store agree")
            created.append(.init(connector: connector.title, versionNo: result.latestVersion, packageVersionNo: carried.versionNo))
        }
        let restarted = plan.assets.filter { $0.running && $0.action == .update }.map(\.path)
        let id = "\(Importer.idFormat(now))-\(plan.packageSHA256.prefix(8))"
        let record = ImportRecord(id: id, time: Timestamp.string(now), package: file, packageSHA256: plan.packageSHA256, project: options.project,
                                  summary: plan.summary, connectorVersions: created, restartedRecipes: restarted, unresolved: plan.unresolved,
                                  origin: options.origin)
        try transaction.write("\(ImportRecord.folder)/\(id).json", try StateCoding.encode(record))
        let placing = try transaction.commit()
        // What the import wrote is known without parsing it again; a file whose size is not what
        // was written was changed since, and is left for the next scan to read.
        for (path, written) in outcome.recipeUsage {
            guard let stamp = FileSystem.stamp(session.workspace.path(path)), stamp.size == written.size else { continue }
            usageCache.record(path, stamp: stamp, entry: written.entry, content: written.content(at: stamp, placing: placing))
        }
        return ImportResult(id: id, plan: plan, connectorVersions: created, restartedRecipes: restarted)
    }

    /// What differs between a saved plan and the same plan made now, in words.
    static func changes(from saved: ImportPlan, to current: ImportPlan) -> [String] {
        var changes: [String] = []
        if saved.packageSHA256 != current.packageSHA256 {
            changes.append("the package '\(current.package)' changed (sha256 \(saved.packageSHA256.prefix(12))… is now \(current.packageSHA256.prefix(12))…)")
        }
        if saved.project != current.project { changes.append("the target project is '\(current.project)', the plan was made for '\(saved.project)'") }
        let now = Dictionary(current.fingerprints.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for print in saved.fingerprints {
            guard let value = now[print.path] else { continue }
            if value.sha256 != print.sha256 || value.stamp != print.stamp {
                let what = !print.exists ? "was created" : !value.exists ? "was deleted" : "was changed"
                changes.append(print.path == ConnectorStore.folder ? "the connector store gained or lost a connector" : "'\(print.path)' \(what)")
            }
        }
        if changes.isEmpty && (saved.assets != current.assets || saved.connectors.map(\.newVersionNo) != current.connectors.map(\.newVersionNo)) {
            changes.append("the actions the plan would take are no longer the same")
        }
        if saved.unresolved != current.unresolved {
            changes.append("the references that resolve nowhere are no longer the same (\(saved.unresolved.count) then, \(current.unresolved.count) now)")
        }
        return changes
    }

    /// To the millisecond: imports hold the workspace lock, so two never share an id (to the second,
    /// two imports of one package in the same second did, and the second record replaced the first).
    static func idFormat(_ date: Date) -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02d.%03dZ", components.year!, components.month!, components.day!,
                      components.hour!, components.minute!, components.second!, components.nanosecond! / 1_000_000)
    }
}
