import RLCMFormat

/// Which recipes run a connector the import re-releases, and whether the incoming code still
/// defines every action and trigger they use: the target's recipes (found through the usage
/// cache, on another thread) and the package's own.
struct DependencyReport: Sendable {
    /// Target key → title of every connector the import re-releases (a reused one is not).
    let released: [String: String]
    /// What the incoming code defines, by target key.
    let sources: [String: ConnectorSource]
    let keyMap: [String: String]
    let existingKeys: Set<String>
    let states: RecipeStates
    /// Fingerprint dependents by content rather than by stat stamp (a snapshot's stamps mean nothing).
    let byContent: Bool
    /// Where the report's sorting spills once it outgrows memory.
    let spillFolder: String

    init(matching: ConnectorMatching, states: RecipeStates, byContent: Bool, spillingIn folder: String) {
        spillFolder = folder
        released = Dictionary(matching.connectors.filter { $0.action != .reuse }.map { ($0.targetKey, $0.title) }, uniquingKeysWith: { first, _ in first })
        sources = matching.sources
        keyMap = matching.keyMap
        existingKeys = matching.existingKeys
        self.states = states
        self.byContent = byContent
    }

    /// What the report finds in the target workspace, sorted in a temporary file once it outgrows
    /// memory: a large workspace has tens of thousands of dependents.
    struct Found: Sendable {
        var dependents: SpillingSorter<ImportPlan.Dependent>
        var fingerprints: SpillingSorter<ImportPlan.Fingerprint>
        /// The usage cache as the report left it, not yet saved.
        var cache: RecipeUsageCache

        init(spillingIn folder: String, cache: RecipeUsageCache) {
            dependents = SpillingSorter(spillingIn: folder)
            fingerprints = SpillingSorter(spillingIn: folder, unique: true)
            self.cache = cache
        }
    }

    /// The recipes already in `workspace` that run a re-released connector, found while the
    /// caller goes on: the report needs only the paths the package's entries land at, which it
    /// leaves out (`excluding`), and the target is not changed before the import commits.
    func targetDependents(in workspace: Workspace, excluding importedPaths: Set<String>, usage: RecipeUsageCache) -> Pending<Found> {
        Pending { [self] in
            var found = Found(spillingIn: spillFolder, cache: usage)
            try WorkspaceScanner(workspace: workspace).forEachRecipe(usingKeys: Set(released.keys), excluding: importedPaths, cache: &found.cache) { key, user in
                try found.fingerprints.append(byContent ? .init(path: user.path, sha256: Hashing.sha256(try FileSystem.read(workspace.path(user.path))))
                                                        : .init(path: user.path, sha256: nil, stamp: user.stamp))
                try found.dependents.append(dependent(connector: released[key]!, path: user.path, steps: user.steps, source: sources[key],
                                                      running: states.isRunning(user.path), imported: false))
            }
            return found
        }
    }

    /// The package's own recipes that run a re-released connector, where `landing` puts them.
    func packageDependents(_ index: PackageIndex, landing: TargetReferences) -> [ImportPlan.Dependent] {
        var dependents: [ImportPlan.Dependent] = []
        for asset in index.assets where asset.type == AssetType.recipe {
            guard let links = asset.links else { continue }
            let path = landing.landingPath(asset.zipName)
            for packageKey in Set(links.providerKeys.map(\.key)).sorted() {
                guard let key = keyMap[packageKey] ?? (existingKeys.contains(packageKey) ? packageKey : nil),
                      let title = released[key] else { continue }
                dependents.append(dependent(connector: title, path: path, steps: links.steps.filter { $0.provider == packageKey },
                                            source: sources[key], running: states.isRunning(path), imported: true))
            }
        }
        return dependents
    }

    /// A recipe using `steps` of a connector whose incoming code is `source`.
    func dependent(connector: String, path: String, steps: [StepUse], source: ConnectorSource?, running: Bool, imported: Bool) -> ImportPlan.Dependent {
        let actions = Set(steps.filter { $0.keyword == "action" }.map(\.name))
        let triggers = Set(steps.filter { $0.keyword == "trigger" }.map(\.name))
        return ImportPlan.Dependent(connector: connector, path: path, running: running, imported: imported,
                                    missingActions: source.map { actions.subtracting($0.actions).sorted() } ?? [],
                                    missingTriggers: source.map { triggers.subtracting($0.triggers).sorted() } ?? [])
    }
}
