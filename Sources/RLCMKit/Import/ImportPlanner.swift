import Foundation
import RLCMFormat

/// Why an import cannot run or was refused.
public enum ImportError: RLCMError, Equatable {
    case invalidProject(String)
    case invalidFolder(String)
    case blocked(problems: [String])
    case stalePlan(changes: [String])

    public var description: String {
        switch self {
        case .invalidProject(let name):
            return "'\(name)' is not a valid project name: give the name of a top-level folder of the workspace (no '/', not hidden)"
        case .invalidFolder(let folder):
            return "'\(folder)' is not a folder an import can land in: give a path inside the project, without hidden or '..' components"
        case .blocked(let problems):
            return "the import is blocked; nothing was written:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        case .stalePlan(let changes):
            return "the saved plan is stale; nothing was written. Since it was made:\n" + changes.map { "  - \($0)" }.joined(separator: "\n")
                + "\nmake a new plan with 'rlcm plan'"
        }
    }
}

/// How an import is asked for: what `rlcm plan` and `rlcm import` take besides the package.
public struct ImportOptions: Sendable, Equatable {
    /// The target project (a top-level folder of the workspace).
    public var project: String
    /// Stop, overwrite and start again running recipes the import overwrites, instead of refusing.
    public var restartRecipes: Bool
    /// Refuse the import when a reference resolves neither in the package nor in the target.
    public var strict: Bool
    /// The folder inside the project that the package's root lands in, project-relative (`""`: the
    /// project itself). An API import into a subfolder lands there, as on the platform.
    public var folder: String
    /// Who asked for the import, kept in its history record: a server that is killed while it
    /// imports learns from the record, which commits with the import, whether its job did.
    public var origin: String?
    /// Fingerprint the recipes the plan only reports on by their content instead of their stat
    /// stamp: a snapshot of a remote workspace is written anew for every plan, so its stamps
    /// say nothing about whether the remote changed.
    public var fingerprintByContent: Bool

    public init(project: String, restartRecipes: Bool = false, strict: Bool = false, folder: String = "", origin: String? = nil,
                fingerprintByContent: Bool = false) {
        self.project = project
        self.restartRecipes = restartRecipes
        self.strict = strict
        self.folder = folder.split(separator: "/").joined(separator: "/")
        self.origin = origin
        self.fingerprintByContent = fingerprintByContent
    }
}

/// Computes what importing a package into a project would do, inflating the package once and
/// writing nothing — unless a transaction is given, into which `rlcm import` stages the new files.
///
/// The phases: index the package, comparing (or staging) at once every entry that cannot hold a
/// provider key and spooling the others; match its connectors with the store and tie every
/// provider key to a connector; resolve what the package refers to but does not carry against
/// the target; compare (or stage) the spooled entries, while the target's recipes that depend on
/// the connectors the import re-releases are looked for on another thread.
struct ImportPlanner {
    let session: WorkspaceSession
    var now: Date
    var progress: (any ProgressSink)?

    init(session: WorkspaceSession, progress: (any ProgressSink)? = nil) {
        self.session = session
        self.now = session.environment.now
        self.progress = progress
    }

    func plan(package file: String, _ options: ImportOptions) throws -> ImportPlan {
        let outcome = try plan(package: file, options, staging: nil)
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
        /// package index and the key map, with its size and content, so the cache learns it
        /// without a parse.
        var recipeUsage: [String: EntryPasses.RecipeWritten] = [:]
    }

    /// `newKeys`: the keys a saved plan chose for the connectors it creates (title → key); a key
    /// holds the time it was made, so planning again a second later would choose another one.
    func plan(package file: String, _ options: ImportOptions, staging transaction: Transaction?,
              newKeys: [String: String] = [:]) throws -> Outcome {
        let project = options.project
        guard !project.isEmpty, !project.contains("/"), !project.hasPrefix("."), project != ".." else { throw ImportError.invalidProject(project) }
        guard !options.folder.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else {
            throw ImportError.invalidFolder(options.folder)
        }
        let workspace = session.workspace
        let existing = try session.connectors.all()
        var state = PlanState(workspace: workspace, states: try session.recipeStates(), byContent: options.fingerprintByContent)
        state.fingerprint(RecipeStates.file)
        state.fingerprints.insert(.init(path: ConnectorStore.folder,
                                        sha256: Hashing.sha256(Array(existing.map { "\($0.id):\($0.title)" }.joined(separator: "\n").utf8))))
        let target = try TargetReferences(workspace: workspace, project: project, folder: options.folder, projects: Set(try workspace.projects()),
                                          connectors: existing)
        // The one pass over the package: entries that hold no provider key are compared (and
        // staged) as they are read; the others wait for the key map. A snapshot's stamps vouch
        // for nothing (it is written anew), so its files are always read.
        var compared = EntryPasses(options: options, staging: transaction, spoolingIn: session.environment.temporaryFolder)
        let known = options.fingerprintByContent ? [:] : RecipeUsageCache.knownContents(of: workspace, under: target.landing.base,
                                                                                        cacheFolder: session.environment.cacheFolder)
        let firstLook = EntryComparison(target: target, rewriter: ProviderKeyRewriter([:]), staging: transaction?.staging, known: known)
        let index = try PackageIndex(file: file, letterCase: workspace.probeLetterCase(), progress: progress,
                                     visit: { try firstLook.firstLook($0, $1) }, visited: { try compared.take($0, state: &state) })

        var matching = try matchConnectors(index, existing: existing, newKeys: newKeys)
        state.problems += matching.problems
        matching.matchedStates.forEach { state.fingerprint($0) }
        let open = target.resolveOpenReferences(of: index, matching: &matching)
        state.problems += index.malformed.map(\.description)
        if options.strict { state.problems += open.map(\.problem) }

        let comparison = EntryComparison(target: target, rewriter: ProviderKeyRewriter(matching.keyMap), staging: transaction?.staging, known: known)
        let released = Dictionary(matching.connectors.map { ($0.targetKey, $0.title) }, uniquingKeysWith: { first, _ in first })
        let targetSide = targetDependents(released: released, sources: matching.sources,
                                          importedPaths: Set(index.assets.map { target.landingPath($0.zipName) }), state: state)
        try compared.compareWaiting(comparison, keyMap: matching.keyMap, state: &state, progress: progress)
        var found = try targetSide.value()
        try found.fingerprints.append(contentsOf: state.fingerprints)
        try found.dependents.append(contentsOf: packageDependents(index, released: released, matching: matching, target: target, states: state.states))
        let usageCache = found.cache
        let dependents = try found.dependents.list(), fingerprints = try found.fingerprints.list()
        let titles = matching.titlesByTargetKey
        let keyRewrites = matching.keyMap.sorted { $0.key < $1.key }.compactMap { from, to -> ImportPlan.KeyRewrite? in
            guard from != to, let title = titles[to] else { return nil }
            return ImportPlan.KeyRewrite(connector: title, from: from, to: to, files: compared.rewriteCounts[from] ?? 0)
        }
        let summary = ImportPlan.Summary(assets: compared.assets, connectors: matching.connectors, dependents: dependents,
                                         problems: state.problems, warnings: options.strict ? 0 : open.count)
        let plan = ImportPlan(package: file, packageSHA256: index.sha256, project: project, restartRecipes: options.restartRecipes,
                              strict: options.strict, assets: compared.assets, connectors: matching.connectors, dependents: dependents,
                              keyRewrites: keyRewrites, unresolved: open, problems: state.problems,
                              fingerprints: fingerprints, summary: summary)
        return Outcome(plan: plan, index: index, newIdentities: matching.newIdentities, usageCache: usageCache, recipeUsage: compared.recipeUsage)
    }

    /// What the plan collects as its phases run: the problems that block it and the target state
    /// it depends on.
    struct PlanState {
        let workspace: Workspace
        let states: RecipeStates
        let byContent: Bool
        var problems: [String] = []
        var fingerprints = Set<ImportPlan.Fingerprint>()

        mutating func fingerprint(_ path: String) {
            let full = workspace.path(path)
            fingerprints.insert(.init(path: path, sha256: FileSystem.isRegularFile(full) ? (try? Hashing.sha256(FileSystem.read(full))) : nil))
        }
    }

    /// What the dependency report finds in the target workspace, sorted in a temporary file once
    /// it outgrows memory: a large workspace has tens of thousands of dependents.
    struct TargetDependents: Sendable {
        var dependents: SpillingSorter<ImportPlan.Dependent>
        var fingerprints: SpillingSorter<ImportPlan.Fingerprint>
        /// The usage cache as the report left it, not yet saved.
        var cache: RecipeUsageCache
    }

    /// The recipes already in the target that run a connector the import re-releases (`released`:
    /// target key → title), found through the usage cache on another thread while the entries
    /// that waited for the key map are compared: the report needs only the paths the package's
    /// entries land at, which it leaves out, and the target is not changed before the commit.
    private func targetDependents(released: [String: String], sources: [String: ConnectorSource], importedPaths: Set<String>,
                                  state: PlanState) -> Pending<TargetDependents> {
        let (workspace, states, byContent, environment) = (state.workspace, state.states, state.byContent, session.environment)
        return Pending {
            var found = TargetDependents(dependents: SpillingSorter(spillingIn: environment.temporaryFolder),
                                         fingerprints: SpillingSorter(spillingIn: environment.temporaryFolder, unique: true),
                                         cache: RecipeUsageCache(workspace: workspace, environment: environment))
            try WorkspaceScanner(workspace: workspace).forEachRecipe(usingKeys: Set(released.keys), excluding: importedPaths, cache: &found.cache) { key, user in
                try found.fingerprints.append(byContent ? .init(path: user.path, sha256: Hashing.sha256(try FileSystem.read(workspace.path(user.path))))
                                                        : .init(path: user.path, sha256: nil, stamp: user.stamp))
                try found.dependents.append(Self.dependent(connector: released[key]!, path: user.path, steps: user.steps, source: sources[key],
                                                           running: states.isRunning(user.path), imported: false))
            }
            return found
        }
    }

    /// The package's own recipes that run a connector the import re-releases.
    private func packageDependents(_ index: PackageIndex, released: [String: String], matching: ConnectorMatching, target: TargetReferences,
                                   states: RecipeStates) -> [ImportPlan.Dependent] {
        var dependents: [ImportPlan.Dependent] = []
        for asset in index.assets where asset.type == AssetType.recipe {
            guard let links = asset.links else { continue }
            let path = target.landingPath(asset.zipName)
            for packageKey in Set(links.providerKeys.map(\.key)).sorted() {
                guard let key = matching.keyMap[packageKey] ?? (matching.existingKeys.contains(packageKey) ? packageKey : nil),
                      let title = released[key] else { continue }
                dependents.append(Self.dependent(connector: title, path: path, steps: links.steps.filter { $0.provider == packageKey },
                                                 source: matching.sources[key], running: states.isRunning(path), imported: true))
            }
        }
        return dependents
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
