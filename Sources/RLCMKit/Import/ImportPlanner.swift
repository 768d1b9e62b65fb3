import Foundation
import RLCMFormat

/// Computes what importing a package into a project would do: a chain of steps over values that
/// ends in an `ImportPlan`. It reads the workspace and writes nothing in it. Given a staging area,
/// it also stages there the bytes the import would write, so that `ImportApplier` can adopt them
/// without the package being inflated twice.
///
/// The steps: read the package (`PackageIndex`, one pass), comparing at once every entry that
/// cannot hold a provider key and spooling the others (`EntryPasses`); tie the keys the values
/// file ties (`ConnectorTies`); match its connectors with the store (`ConnectorMatching`);
/// resolve what the package refers to but does not carry against the target
/// (`TargetReferences`); compare the spooled entries with the key map known
/// (`EntryComparison`), while the target's recipes that depend on the connectors the import
/// re-releases are looked for on another thread (`DependencyReport`).
struct ImportPlanner {
    let session: WorkspaceSession
    /// The time a fresh connector key holds, read once from the session's clock.
    let now: Date

    init(session: WorkspaceSession) {
        self.session = session
        self.now = session.environment.now
    }

    private var progress: (any ProgressSink)? { session.environment.progress }

    /// `newKeys`: the keys a saved plan chose for the connectors it creates (title → key); a key
    /// holds the time it was made, so planning again a second later would choose another one.
    /// `usage`: the workspace's usage cache, which the dependency report reads and adds to; the
    /// caller owns it and saves what the plan hands back.
    func plan(package file: String, _ options: ImportOptions, newKeys: [String: String] = [:], staging: StagingArea? = nil,
              usage: RecipeUsageCache) throws -> PlannedImport {
        try options.validate()
        var state = try PlanState(session: session)
        let target = try TargetReferences(workspace: session.workspace, project: options.project, folder: options.folder,
                                          projects: Set(try session.workspace.projects()))
        // A snapshot's stamps vouch for nothing (it is written anew), so its files are always read.
        let known = options.fingerprintByContent ? [:] : usage.knownContents(under: target.landing.base)
        // Walked once: the leftovers are among these files, and without a recipe among them no
        // created recipe can be a renamed one, so none needs its identity.
        let landed = try target.filesUnderLanding()
        let identifies = landed.contains { AssetType.of($0) == AssetType.recipe }
        var passes = EntryPasses(options: options, staging: staging != nil, spoolingIn: session.environment.temporaryFolder)
        var bindings = ConnectionBindings(values: options.values, target: target)
        var index = try readPackage(file, landing: target, bindings: bindings, known: known, staging: staging, diffs: options.diffs,
                                    identifies: identifies, passes: &passes, state: &state)
        let ties = ConnectorTies(options.values, index: &index, existing: state.connectors)
        state.problems += ties.problems

        var matching = try ConnectorMatching.match(index, existing: state.connectors, store: session.connectors, newKeys: newKeys, now: now,
                                                    reuseIdentical: options.reuseIdenticalConnectors, diffs: options.diffs)
        matching.keyMap.merge(ties.targetKeys) { carried, _ in carried }
        state.problems += matching.problems
        matching.matchedStates.forEach { state.fingerprint($0) }
        bindings.check(index, target: target)
        state.problems += bindings.problems
        bindings.bound.values.forEach { state.fingerprint($0) }
        let open = target.resolveOpenReferences(of: index, matching: &matching).filter { bindings.bound[target.landingPath($0.zipName ?? "")] == nil }
        state.problems += index.malformed.map { PlanProblem(.reference, path: target.landingPath($0.file), jsonPath: $0.jsonPath, $0.description) }
        state.problems += index.emptiness.map { [PlanProblem(.package, $0)] } ?? []
        if options.strict { state.problems += index.unplaced.map { PlanProblem(.entry, path: $0.entry, "'\($0.entry)': \($0.reason) (--strict)") } }
        if options.strict { state.problems += open.map(\.problem) }

        let report = DependencyReport(matching: matching, states: state.states, byContent: options.fingerprintByContent,
                                      spillingIn: session.environment.temporaryFolder)
        let targetSide = report.targetDependents(in: session.workspace, excluding: Set(index.assets.map { target.landingPath($0.zipName) }), usage: usage)
        let comparison = EntryComparison(target: target, rewriter: ProviderKeyRewriter(matching.keyMap), bindings: bindings, staging: staging, known: known,
                                         diffs: options.diffs, identifiesCreatedRecipes: identifies)
        try passes.compareWaiting(comparison, keyMap: matching.keyMap, state: &state, progress: progress)
        let values = try setValues(index, target: target, options, staging: staging, passes: &passes, state: &state)
        let leftovers = try TargetLeftovers.find(among: landed, in: target.landing, carried: Set(passes.assets.map(\.path)),
                                                 created: passes.created, options: options, state: &state)
        var found = try targetSide.value()
        try found.fingerprints.append(contentsOf: state.fingerprints)
        try found.dependents.append(contentsOf: report.packageDependents(index, landing: target))
        let suspicions = index.suspicions(project: options.project)
        var plan = try assemble(file, options, index: index, matching: matching, passes: passes, open: open, found: &found, problems: state.problems,
                                warnings: values.warnings + (options.strict ? 0 : index.unplaced.count) + suspicions.count)
        plan.unplaced = index.unplaced.isEmpty ? nil : index.unplaced
        plan.suspicions = suspicions.isEmpty ? nil : suspicions
        plan.properties = values.rows.isEmpty ? nil : values.rows
        plan.bindings = bindings.bound.isEmpty ? nil : bindings.bound
        plan.reuseIdenticalConnectors = options.reuseIdenticalConnectors ? true : nil
        plan.diffs = options.diffs ? passes.diffs : nil
        plan.prune = options.prune ? true : nil
        plan.madeFor = .init(session.workspace.settings)
        plan.notInPackage = leftovers.isEmpty ? nil : leftovers
        let pruned = leftovers.filter { $0.action == .remove }
        plan.summary.remove = pruned.count
        plan.summary.runningAffected += pruned.filter(\.running).count
        let staged = staging.map { StagedImport(area: $0, files: passes.staged, connectors: index.connectors, newIdentities: matching.newIdentities) }
        return PlannedImport(plan: plan, staged: staged, recipesWritten: passes.recipesWritten, usage: found.cache)
    }

    /// The one pass over the package: entries that hold no provider key are compared (and
    /// staged) as they are read; the others wait for the key map.
    private func readPackage(_ file: String, landing target: TargetReferences, bindings: ConnectionBindings, known: [String: RecipeUsageCache.Known],
                             staging: StagingArea?, diffs: Bool, identifies: Bool, passes: inout EntryPasses, state: inout PlanState) throws -> PackageIndex {
        let firstLook = EntryComparison(target: target, rewriter: ProviderKeyRewriter([:]), bindings: bindings, staging: staging, known: known, diffs: diffs,
                                        identifiesCreatedRecipes: identifies)
        let reader = try ZipReader(path: file, letterCase: session.workspace.probeLetterCase())
        passes.holdsWaitingInMemory = reader.files.reduce(0) { $0 + $1.size } <= EntryPasses.heldInMemory
        return try PackageIndex(reading: reader, of: file, progress: progress,
                                visit: { try firstLook.firstLook($0, $1) }, visited: { try passes.take($0, state: &state) })
    }

    /// The values step: where each property the recipes read gets its value, and the property
    /// files the import merges the values file into (staged, when the plan is to be applied).
    private func setValues(_ index: PackageIndex, target: TargetReferences, _ options: ImportOptions, staging: StagingArea?,
                           passes: inout EntryPasses, state: inout PlanState) throws -> PropertyValues {
        let values = try PropertyValues(index: index, target: target, values: options.values, options: options, workspace: session.workspace)
        state.problems += values.problems
        values.read.forEach { state.fingerprint($0) }
        if let given = options.values { state.fingerprints.insert(.init(path: PropertyValues.fingerprintPath, sha256: given.digest)) }
        for write in values.writes {
            try passes.write(write, staged: try staging.map { try $0.stage(write.bytes) })
        }
        return values
    }

    /// The plan, from what the steps found.
    private func assemble(_ file: String, _ options: ImportOptions, index: PackageIndex, matching: ConnectorMatching, passes: EntryPasses,
                          open: [ImportPlan.Unresolved], found: inout DependencyReport.Found, problems: [PlanProblem], warnings: Int) throws -> ImportPlan {
        let dependents = try found.dependents.list(), fingerprints = try found.fingerprints.list()
        let titles = matching.titlesByTargetKey
        let keyRewrites = matching.keyMap.sorted { $0.key < $1.key }.compactMap { from, to -> ImportPlan.KeyRewrite? in
            guard from != to, let title = titles[to] else { return nil }
            return ImportPlan.KeyRewrite(connector: title, from: from, to: to, files: passes.rewriteCounts[from] ?? 0)
        }
        let summary = ImportPlan.Summary(assets: passes.assets, connectors: matching.connectors, dependents: dependents,
                                         problems: problems, warnings: (options.strict ? 0 : open.count) + warnings)
        return ImportPlan(package: file, packageSHA256: index.sha256, project: options.project, restartRecipes: options.restartRecipes,
                          strict: options.strict, assets: passes.assets, connectors: matching.connectors, dependents: dependents,
                          keyRewrites: keyRewrites, unresolved: open, problems: problems, blocked: !problems.isEmpty, fingerprints: fingerprints, summary: summary)
    }

    /// What the plan collects as its steps run: the problems that block it and the target state
    /// it depends on.
    struct PlanState {
        let workspace: Workspace
        let states: RecipeStates
        /// The store's connectors before the import.
        let connectors: [Connector]
        var problems: [PlanProblem] = []
        var fingerprints = Set<ImportPlan.Fingerprint>()

        /// The target's state as the plan begins, with the store's connectors and the recipes'
        /// run states fingerprinted.
        init(session: WorkspaceSession) throws {
            workspace = session.workspace
            states = try session.recipeStates()
            connectors = try session.connectors.all()
            fingerprint(RecipeStates.file)
            fingerprints.insert(.init(path: ConnectorStore.folder,
                                      sha256: Hashing.sha256(Array(connectors.map { "\($0.id):\($0.title)" }.joined(separator: "\n").utf8))))
        }

        mutating func fingerprint(_ path: String) {
            let full = workspace.path(path)
            fingerprints.insert(.init(path: path, sha256: FileSystem.isRegularFile(full) ? (try? Hashing.sha256(FileSystem.read(full))) : nil))
        }
    }

    /// The keys a saved plan chose for the connectors it creates (title → key): a key holds the
    /// time it was made, so planning again a second later would choose another one.
    static func newKeys(following saved: ImportPlan?) -> [String: String] {
        Dictionary((saved?.connectors ?? []).filter { $0.action == .create }.map { ($0.title, $0.targetKey) }, uniquingKeysWith: { first, _ in first })
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
