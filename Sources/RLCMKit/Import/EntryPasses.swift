import RLCMFormat

/// Every entry's action, gathered over the planner's two looks at the package, which is inflated
/// once: during the pass that reads it, the entries that cannot hold a provider key are compared
/// with the target (and staged, when the plan is to be applied); the others wait until the key map
/// is known, then are rewritten, compared and staged. A small package's wait in memory (writing
/// its recipes to a temporary file and reading them back cost more than holding them); a larger
/// one's in a spool on disk, so that what an import holds does not grow with the package.
struct EntryPasses {
    let options: ImportOptions
    /// Whether entries are staged: the progress line says "staging" rather than "comparing".
    let staging: Bool
    /// Where the spool of waiting entries is made.
    let spoolFolder: String
    private(set) var assets: [ImportPlan.Asset] = []
    /// Package provider key → how many files it is rewritten in.
    private(set) var rewriteCounts: [String: Int] = [:]
    private(set) var recipesWritten: [String: RecipeUsageCache.Written] = [:]
    /// Workspace path → the staged file that becomes it, in the staging area's folder.
    private(set) var staged: [String: String] = [:]
    /// Workspace path → the unified diff of an update (`--diff`).
    private(set) var diffs: [String: String] = [:]
    /// The recipes the import creates, by workspace path: how a leftover is told as renamed.
    private(set) var created: [String: RecipeIdentity] = [:]
    /// The largest package (its files inflated) whose waiting entries are held in memory.
    static let heldInMemory = 4 << 20
    /// Set by the planner once the package is opened: whether it is that small.
    var holdsWaitingInMemory = false
    private var spool: Spool?
    private var waiting: [(asset: PackageIndex.Asset, bytes: Waiting)] = []

    /// Where a waiting entry's bytes are.
    private enum Waiting {
        case inMemory([UInt8])
        case spooled(Range<Int>)

        /// The bytes; a spooled entry's from `spool`, which holds them.
        func read(from spool: Spool?) throws -> [UInt8] {
            switch self {
            case .inMemory(let bytes):
                return bytes
            case .spooled(let range):
                guard let spool else { preconditionFailure("a spooled entry has its spool") }
                return try spool.read(range)
            }
        }
    }

    init(options: ImportOptions, staging: Bool, spoolingIn folder: String) {
        self.options = options
        self.staging = staging
        self.spoolFolder = folder
    }

    /// Takes what the reading pass made of an entry.
    mutating func take(_ look: EntryComparison.FirstLook, state: inout ImportPlanner.PlanState) throws {
        switch look {
        case .compared(let outcome):
            record(outcome, keyMap: [:], state: &state)
        case .waiting(let asset, let bytes):
            if holdsWaitingInMemory {
                waiting.append((asset, .inMemory(bytes)))
            } else {
                let spool = try self.spool ?? Spool(folder: spoolFolder)
                self.spool = spool
                waiting.append((asset, .spooled(try spool.append(bytes))))
            }
        }
    }

    /// The entries that waited for the key map: taken from memory or read back from the spool on
    /// this core, rewritten and compared on the others.
    mutating func compareWaiting(_ comparison: EntryComparison, keyMap: [String: String], state: inout ImportPlanner.PlanState,
                                 progress: (any ProgressSink)?) throws {
        guard !waiting.isEmpty else { return }
        let waiting = self.waiting, spool = self.spool
        self.waiting = []
        let phase = staging ? "staging recipes" : "comparing recipes with the workspace"
        var pipeline = OrderedPipeline { (item: (asset: PackageIndex.Asset, bytes: [UInt8])) in try comparison.compare(item.asset, item.bytes) }
        try pipeline.run(deliver: { record($0, keyMap: keyMap, state: &state) }) { add in
            for (done, item) in waiting.enumerated() {
                progress?.update(phase, done: done + 1, total: waiting.count)
                let bytes = try item.bytes.read(from: spool)
                try add((item.asset, bytes), bytes.count)
            }
        }
        self.spool = nil
        assets.sort { $0.path < $1.path }
    }

    /// Makes a property file the values step merged one of the files the import writes: the
    /// package's own entry at that path changes its action, or the file is added to the plan.
    mutating func write(_ write: PropertyValues.Write, staged file: String?) throws {
        let asset = ImportPlan.Asset(zipName: write.zipName, path: write.path, type: write.type, action: write.exists ? .update : .create,
                                     contentDiffers: write.exists ? true : nil, running: false, newSHA256: Hashing.sha256(write.bytes), keyRewrites: 0)
        if let index = assets.firstIndex(where: { $0.path == write.path }) { assets[index] = asset } else { assets.append(asset); assets.sort { $0.path < $1.path } }
        staged[write.path] = file
    }

    private mutating func record(_ entry: EntryComparison.Outcome, keyMap: [String: String], state: inout ImportPlanner.PlanState) {
        if let problem = entry.problem { return state.problems.append(problem) }
        let (asset, path) = (entry.asset, entry.path)
        for key in keyMap.keys where entry.rewrites > 0 && asset.links?.providerKeys.contains(where: { $0.key == key }) ?? false {
            rewriteCounts[key, default: 0] += 1
        }
        state.fingerprints.insert(.init(path: path, sha256: entry.currentSHA256))
        let running = entry.type == AssetType.recipe && entry.exists && state.states.isRunning(path)
        if running && entry.action == .update && !options.restartRecipes {
            state.problems.append(PlanProblem(.runningRecipe, path: path, "recipe '\(path)' is running and the import would overwrite it; stop it first or import with --restart-recipes"))
        }
        if let file = entry.staged { staged[path] = file }
        if let diff = entry.unifiedDiff { diffs[path] = diff }
        if let identity = entry.identity { created[path] = identity }
        if let usage = entry.usage {
            recipesWritten[path] = .init(entry: usage, size: entry.size, content: entry.content, vouchedStamp: entry.vouchedStamp)
        }
        assets.append(ImportPlan.Asset(zipName: asset.zipName, path: path, type: entry.type, action: entry.action, contentDiffers: entry.differs,
                                       running: running, newSHA256: entry.newSHA256, keyRewrites: entry.writes ? entry.rewrites : 0,
                                       oldSHA256: entry.action == .update ? entry.currentSHA256 : nil, changedPaths: entry.changes))
    }
}
