import Foundation

/// Why an import cannot run or was refused.
public enum ImportError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case invalidProject(String)
    case blocked(problems: [String])
    case stalePlan(changes: [String])

    public var description: String {
        switch self {
        case .invalidProject(let name):
            return "'\(name)' is not a valid project name: give the name of a top-level folder of the workspace (no '/', not hidden)"
        case .blocked(let problems):
            return "the import is blocked; nothing was written:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        case .stalePlan(let changes):
            return "the saved plan is stale; nothing was written. Since it was made:\n" + changes.map { "  - \($0)" }.joined(separator: "\n")
                + "\nmake a new plan with 'rlcm plan'"
        }
    }
    public var errorDescription: String? { description }
}

/// Computes what importing a package into a project would do, reading the package twice (once
/// to index it, once to compare every entry with the target) and writing nothing — unless a
/// transaction is given, into which `rlcm import` stages the new files on the second pass.
public struct ImportPlanner {
    public let session: WorkspaceSession
    public var now: Date
    public var progress: (any ProgressSink)?

    public init(session: WorkspaceSession, now: Date = Clock.now(), progress: (any ProgressSink)? = nil) {
        self.session = session
        self.now = now
        self.progress = progress
    }

    public func plan(package file: String, into project: String, restartRecipes: Bool) throws -> ImportPlan {
        let outcome = try plan(package: file, into: project, restartRecipes: restartRecipes, staging: nil)
        outcome.usageCache.save()
        return outcome.plan
    }

    struct Outcome {
        var plan: ImportPlan
        var index: PackageIndex
        /// For connectors the import creates: the id and key chosen for them.
        var newIdentities: [String: (id: Int, key: String)]
        /// The usage cache as the dependency report left it, not yet saved: an import adds the
        /// recipes it wrote once they are in place.
        var usageCache: RecipeUsageCache
        /// When staging: what each recipe staged (or found unchanged) uses once written, from the
        /// package index and the key map, with its size, so the cache learns it without a parse.
        var recipeUsage: [String: (entry: RecipeUsageCache.Entry, size: Int)] = [:]
    }

    /// `newKeys`: the keys a saved plan chose for the connectors it creates (title → key); a key
    /// holds the time it was made, so planning again a second later would choose another one.
    func plan(package file: String, into project: String, restartRecipes: Bool, staging transaction: Transaction?,
              newKeys: [String: String] = [:]) throws -> Outcome {
        guard !project.isEmpty, !project.contains("/"), !project.hasPrefix("."), project != ".." else { throw ImportError.invalidProject(project) }
        let workspace = session.workspace
        let index = try PackageIndex(file: file, progress: progress)
        let existing = try session.connectors.all()
        let states = try session.recipeStates()
        var problems: [String] = []
        var fingerprints = Set<ImportPlan.Fingerprint>()
        func fingerprint(_ path: String) {
            let full = workspace.path(path)
            fingerprints.insert(.init(path: path, sha256: FileSystem.isRegularFile(full) ? (try? Hashing.sha256(FileSystem.read(full))) : nil))
        }
        fingerprint(RecipeStates.file)
        fingerprints.insert(.init(path: ConnectorStore.folder, sha256: Hashing.sha256(Array(existing.map { "\($0.id):\($0.title)" }.joined(separator: "\n").utf8))))

        // Connectors: matched by title, else created with a fresh id and key.
        let matching = try matchConnectors(index, existing: existing, newKeys: newKeys)
        let (connectors, keyMap, sources, newIdentities) = (matching.connectors, matching.keyMap, matching.sources, matching.newIdentities)
        problems += matching.problems
        matching.matchedStates.forEach(fingerprint)
        let existingKeys = Set(existing.map(\.providerKey))
        for (key, recipes) in index.untiedKeys.sorted(by: { $0.key < $1.key }) where !existingKeys.contains(key) {
            problems.append("provider key '\(key)' in \(recipes.sorted().map { "'\($0)'" }.joined(separator: ", ")) cannot be tied to a custom connector of the package or of the target workspace")
        }

        // References the package leaves open must resolve in the target workspace.
        let resolver = try WorkspaceResolver(workspace: workspace, connectors: existing)
        let projects = Set(try workspace.projects())
        let comparison = EntryComparison(workspace: workspace, project: project, projects: projects,
                                          rewriter: ProviderKeyRewriter(keyMap), staging: transaction != nil)
        let targetPath = comparison.targetPath
        problems += index.malformed.map(\.description)
        for reference in index.unresolved {
            let local = "\(project)/\(reference.target)"
            let first = String(reference.target.split(separator: "/").first ?? "")
            let resolvesInTarget = FileSystem.isRegularFile(workspace.path(local))
                || (projects.contains(first) && FileSystem.isRegularFile(workspace.path(reference.target)))
            if !resolvesInTarget {
                problems.append("'\(reference.file)' \(reference.jsonPath): '\(reference.target)' is neither in the package nor in the target workspace")
            }
        }

        // Assets: the second pass compares every entry, rewritten, with the target, on another
        // core while this one inflates the next entries.
        let restartable = restartRecipes
        var assets: [ImportPlan.Asset] = []
        var rewriteCounts: [String: Int] = [:]
        let assetsByName = Dictionary(index.assets.map { ($0.zipName, $0) }, uniquingKeysWith: { first, _ in first })
        let reader = index.reader
        let entryCount = reader.files.count
        var compared = 0
        var recipeUsage: [String: (entry: RecipeUsageCache.Entry, size: Int)] = [:]
        func record(_ entry: EntryComparison.Outcome) throws {
            if let problem = entry.problem {
                problems.append(problem)
                return
            }
            let (asset, path) = (entry.asset, entry.path)
            for key in keyMap.keys where entry.rewrites > 0 && asset.links?.providerKeys.contains(where: { $0.key == key }) ?? false {
                rewriteCounts[key, default: 0] += 1
            }
            fingerprints.insert(.init(path: path, sha256: entry.currentSHA256))
            let running = entry.type == AssetType.recipe && entry.exists && states.isRunning(path)
            if running && entry.action == .update && !restartable {
                problems.append("recipe '\(path)' is running and the import would overwrite it; stop it first or import with --restart-recipes")
            }
            if entry.writes, let transaction { try transaction.write(path, entry.incoming) }
            if let usage = entry.usage { recipeUsage[path] = (usage, entry.incoming.count) }
            assets.append(ImportPlan.Asset(zipName: asset.zipName, path: path, type: entry.type, action: entry.action, contentDiffers: entry.differs,
                                           running: running, newSHA256: entry.newSHA256, keyRewrites: entry.writes ? entry.rewrites : 0))
        }
        var pipeline = OrderedPipeline { (item: (asset: PackageIndex.Asset, bytes: [UInt8])) in try comparison.compare(item.asset, item.bytes) }
        try pipeline.run(deliver: record) { add in
            // The index's pass checked every entry's CRC-32 in this same open file; libarchive checks it again.
            try reader.forEachFile(verifyingChecksums: false) { entry, bytes in
                compared += 1
                progress?.update(transaction == nil ? "comparing with the workspace" : "staging files", done: compared, total: entryCount)
                guard let asset = assetsByName[entry.path] else { return }
                try add((asset, bytes), bytes.count)
            }
        }
        assets.sort { $0.path < $1.path }

        // Dependency report: every recipe of the target that runs a re-released connector.
        var dependents: [ImportPlan.Dependent] = []
        let importedPaths = Set(assets.map(\.path))
        let titleByKey = Dictionary(connectors.map { ($0.targetKey, $0.title) }, uniquingKeysWith: { first, _ in first })
        var usageCache = RecipeUsageCache(workspace: workspace)
        try resolver.forEachRecipe(usingKeys: Set(titleByKey.keys), excluding: importedPaths, cache: &usageCache) { key, user in
            fingerprints.insert(.init(path: user.path, sha256: nil, stamp: user.stamp))
            dependents.append(Self.dependent(connector: titleByKey[key]!, path: user.path, steps: user.steps, source: sources[key],
                                             running: states.isRunning(user.path), imported: false))
        }
        for asset in index.assets where asset.type == AssetType.recipe {
            guard let links = asset.links else { continue }
            let path = targetPath(asset.zipName)
            for packageKey in Set(links.providerKeys.map(\.key)).sorted() {
                guard let key = keyMap[packageKey] ?? (existingKeys.contains(packageKey) ? packageKey : nil), let title = titleByKey[key] else { continue }
                dependents.append(Self.dependent(connector: title, path: path, steps: links.steps.filter { $0.provider == packageKey },
                                                 source: sources[key], running: states.isRunning(path), imported: true))
            }
        }
        dependents.sort { ($0.connector, $0.path) < ($1.connector, $1.path) }

        let keyRewrites = keyMap.sorted { $0.key < $1.key }.compactMap { from, to -> ImportPlan.KeyRewrite? in
            guard from != to, let title = titleByKey[to] else { return nil }
            return ImportPlan.KeyRewrite(connector: title, from: from, to: to, files: rewriteCounts[from] ?? 0)
        }
        let summary = ImportPlan.Summary(assets: assets, connectors: connectors, dependents: dependents, problems: problems)
        let plan = ImportPlan(package: file, packageSHA256: index.sha256, project: project, restartRecipes: restartRecipes, assets: assets,
                              connectors: connectors, dependents: dependents, keyRewrites: keyRewrites, problems: problems,
                              fingerprints: fingerprints.sorted { $0.path < $1.path }, summary: summary)
        return Outcome(plan: plan, index: index, newIdentities: newIdentities, usageCache: usageCache, recipeUsage: recipeUsage)
    }

    /// How the package's connectors meet the store's.
    struct ConnectorMatching {
        var connectors: [ImportPlan.Connector] = []
        /// Package provider key → target provider key.
        var keyMap: [String: String] = [:]
        /// What the incoming code defines, by target key.
        var sources: [String: ConnectorSource] = [:]
        var newIdentities: [String: (id: Int, key: String)] = [:]
        var problems: [String] = []
        /// The store files of matched connectors, which the plan depends on.
        var matchedStates: [String] = []
    }

    /// Matches every carried connector by title with the store, or chooses a fresh id and key for it.
    func matchConnectors(_ index: PackageIndex, existing: [Connector], newKeys: [String: String]) throws -> ConnectorMatching {
        let store = session.connectors
        var result = ConnectorMatching()
        var nextId = (existing.map(\.id).max() ?? ConnectorStore.firstId(for: session.workspace)) + 1
        var seenTitles = Set<String>()
        for carried in index.connectors {
            guard seenTitles.insert(carried.title).inserted else {
                result.problems.append("the package carries two custom connectors titled '\(carried.title)'")
                continue
            }
            guard let code = carried.code else {
                result.problems.append("custom connector '\(carried.title)': the package has no '\(carried.codeEntry)'")
                continue
            }
            let match = existing.first { $0.title == carried.title }
            let key: String
            if let match {
                key = match.providerKey
                result.matchedStates.append("\(store.folder(match.id))/connector.json")
            } else {
                key = newKeys[carried.title] ?? ConnectorStore.providerKey(title: carried.title, id: nextId, now: now)
                result.newIdentities[carried.title] = (nextId, key)
                nextId += 1
            }
            let releasedCode = try match.flatMap { connector in try connector.releasedVersion.map { try store.code(of: connector, version: $0) } }
            let packageKeys = index.connectorByKey.filter { $0.value == carried.base }.keys.sorted()
            for packageKey in packageKeys { result.keyMap[packageKey] = key }
            let incoming = String(decoding: code, as: UTF8.self)
            result.sources[key] = ConnectorSource(code: incoming)
            result.connectors.append(ImportPlan.Connector(
                title: carried.title, zipName: carried.zipName, action: match == nil ? .create : .newVersion,
                packageVersionNo: carried.versionNo, note: carried.note, releasedBefore: match?.releasedVersion,
                newVersionNo: (match?.latestVersion ?? 0) + 1, targetKey: key, packageKeys: packageKeys,
                identicalToReleased: releasedCode.map { $0 == code },
                codeDiff: releasedCode.map { CodeDiffSummary(old: String(decoding: $0, as: UTF8.self), new: incoming) }))
        }
        return result
    }

    static func dependent(connector: String, path: String, steps: [StepUse], source: ConnectorSource?, running: Bool, imported: Bool) -> ImportPlan.Dependent {
        let actions = Set(steps.filter { $0.keyword == "action" }.map(\.name))
        let triggers = Set(steps.filter { $0.keyword == "trigger" }.map(\.name))
        return ImportPlan.Dependent(connector: connector, path: path, running: running, imported: imported,
                                    missingActions: source.map { actions.subtracting($0.actions).sorted() } ?? [],
                                    missingTriggers: source.map { triggers.subtracting($0.triggers).sorted() } ?? [])
    }

}

extension JSONValue {
    /// Equality that ignores the order of object keys.
    func isSemanticallyEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            return a.members.allSatisfy { member in b[member.key].map { member.value.isSemanticallyEqual(to: $0) } ?? false }
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isSemanticallyEqual(to: $1) }
        default:
            return self == other
        }
    }
}
