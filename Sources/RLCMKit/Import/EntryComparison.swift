import RLCMFormat
/// What importing one package entry would do to the target workspace, worked out apart from the
/// planner's state so that entries are compared on another core while the package is inflated.
struct EntryComparison: Sendable {
    let landing: Landing
    let rewriter: ProviderKeyRewriter
    /// The values file's connection bindings: applied in both looks, as they are known up front.
    let bindings: ConnectionBindings
    /// Where an import stages what it would write, for the applier to adopt (it then records its
    /// recipes' usage for the cache); nil for a plan that is only shown.
    let staging: StagingArea?
    /// What the usage cache knows of the target's recipes under the landing folder: a file whose
    /// stamp is the one recorded is compared by its recorded content, without being read.
    let known: [String: RecipeUsageCache.Known]
    /// Whether an update carries the unified diff of the two files (`--diff`).
    let diffs: Bool
    /// Whether a created recipe gets its identity (a parse of its own): only a recipe of the
    /// target that the package does not carry can have been renamed into one.
    let identifiesCreatedRecipes: Bool
    /// The rewritten keys and steps that the usage of thousands of recipes repeats, once.
    private let strings = StringPool()
    /// Set when the landing folder does not exist (a project's first import).
    let absentLanding: AbsentLanding?

    /// A landing folder that does not exist: no path under it exists either, and what stands in the
    /// way of each is what stands in the way of the folder. Found once, where each entry looked
    /// for its file and then for every folder above it (five `stat`s an entry, all in vain).
    struct AbsentLanding: Sendable {
        /// The landing folder's path and a slash.
        let prefix: String
        /// The file where one of the folders above the landing folder should be, if any.
        let blocker: String?

        /// nil when there is something at the landing folder's path (each entry then looks).
        init?(_ landing: Landing) {
            guard FileSystem.kind(landing.workspace.path(landing.base)) == nil else { return nil }
            prefix = landing.base + "/"
            blocker = EntryComparison.fileInTheWay(of: landing.base, in: landing.workspace)
        }

        /// Itself, when `path` is under the landing folder.
        func covering(_ path: String) -> AbsentLanding? { path.utf8.starts(with: prefix.utf8) ? self : nil }
    }

    struct Outcome: Sendable {
        var asset: PackageIndex.Asset
        var path: String
        var type: AssetType
        /// Why the entry cannot be written at all.
        var problem: PlanProblem?
        /// The size of the entry as it would be written (provider keys rewritten).
        var size = 0
        /// Its staged file, in the staging area's folder.
        var staged: String?
        var rewrites = 0
        /// References rewritten to a bound connection.
        var boundReferences = 0
        var exists = false
        /// SHA-256 of the file the entry would replace (nil: there is none).
        var currentSHA256: String?
        var action = ImportPlan.AssetAction.create
        var differs: Bool?
        var newSHA256: String?
        /// For an update: its changed JSON paths, and with `--diff` the unified diff of the files.
        var changes: [ImportPlan.Change]?
        var unifiedDiff: String?
        /// For a recipe the import creates: its name and trigger, to tell a renamed one.
        var identity: RecipeIdentity?
        /// For a recipe the import writes or leaves unchanged: what it uses once written.
        var usage: RecipeUsageCache.Entry?
        /// For a recipe the import writes: what it will hold. For one it leaves unchanged: what the
        /// cache vouched it holds (a file that was read is not vouched for: it may change before
        /// its stamp is taken again).
        var content: RecipeUsageCache.Content?
        var vouchedStamp: FileSystem.Stamp?

        var writes: Bool { action == .create || action == .update }
    }

    init(target: TargetReferences, rewriter: ProviderKeyRewriter, bindings: ConnectionBindings, staging: StagingArea?,
         known: [String: RecipeUsageCache.Known], diffs: Bool = false, identifiesCreatedRecipes: Bool = true) {
        self.landing = target.landing
        self.rewriter = rewriter
        self.bindings = bindings
        self.staging = staging
        self.known = known
        self.diffs = diffs
        self.identifiesCreatedRecipes = identifiesCreatedRecipes
        self.absentLanding = AbsentLanding(target.landing)
    }

    /// What the pass that reads the package makes of an entry, before the provider key map is
    /// known: compared with the target, or set aside when it may hold a key to rewrite.
    enum FirstLook: Sendable {
        case compared(Outcome)
        case waiting(PackageIndex.Asset, [UInt8])
    }

    /// Compares an entry that cannot hold a provider key; sets aside one that may.
    func firstLook(_ asset: PackageIndex.Asset, _ bytes: [UInt8]) throws -> FirstLook {
        let type = asset.type ?? .file
        if (type == AssetType.recipe || type == AssetType.connection) && ByteSearch.contains(bytes, RecipeUsageCache.connectorMarker) {
            return .waiting(asset, bytes)
        }
        return .compared(try compare(asset, bytes))
    }

    func compare(_ asset: PackageIndex.Asset, _ bytes: [UInt8]) throws -> Outcome {
        let workspace = landing.workspace
        let path = landing.path(asset.zipName)
        let full = workspace.path(path)
        var outcome = Outcome(asset: asset, path: path, type: asset.type ?? .file)
        if bindings.bound[path] != nil {
            outcome.action = .bound
            return outcome
        }
        let vouching = known[path]?.vouched(forFileAt: full)
        let vouched = vouching?.content
        let absent = absentLanding?.covering(path)
        switch vouched != nil ? .file : absent != nil ? nil : FileSystem.kind(full) {
        case .file?:
            outcome.exists = true  // its folders are folders
        case .folder?, .other?:
            outcome.problem = PlanProblem(.entry, path: path, "'\(asset.zipName)' would replace '\(path)', which is a folder or a link in the target workspace")
            return outcome
        case nil:
            if let blocker = absent.map(\.blocker) ?? Self.fileInTheWay(of: path, in: workspace) {
                outcome.problem = PlanProblem(.entry, path: path, "'\(asset.zipName)' cannot be written: '\(blocker)' is a file in the target workspace, not a folder")
                return outcome
            }
        }
        let type = outcome.type
        var incoming = bytes
        if AssetType.isJSONAsset(asset.zipName) { (incoming, outcome.boundReferences) = bindings.rewriter.rewrite(incoming) }
        if type == AssetType.recipe || type == AssetType.connection {
            (incoming, outcome.rewrites) = rewriter.rewrite(incoming)
        }
        var written = Written(incoming)
        if outcome.exists {
            try compareWithTarget(&outcome, at: full, vouched: vouched, incoming: &written)
        }
        if outcome.writes { outcome.newSHA256 = written.sha256 }
        if identifiesCreatedRecipes && outcome.action == .create && type == AssetType.recipe { outcome.identity = RecipeIdentity(incoming) }
        outcome.size = incoming.count
        if let staging {
            if type == AssetType.recipe && (outcome.writes || outcome.action == .unchanged), let links = asset.links {
                outcome.usage = usage(of: links, in: incoming)
                if outcome.writes {
                    outcome.content = written.content
                } else if let vouching {
                    (outcome.content, outcome.vouchedStamp) = (vouching.content, vouching.stamp)
                }
            }
            if outcome.writes { outcome.staged = try staging.stage(incoming) }
        }
        return outcome
    }

    /// Sets the action for an entry whose path holds a file in the target: compared byte for byte
    /// with the file read, or, when the usage cache vouches for its content, by that content's
    /// digest. An update is told from a reformatting, and gets what changes inside it, from the
    /// file read (vouched for or not): only an update reads a vouched file.
    private func compareWithTarget(_ outcome: inout Outcome, at full: String, vouched: RecipeUsageCache.Content?, incoming: inout Written) throws {
        let read = vouched == nil ? try FileSystem.read(full) : nil
        outcome.currentSHA256 = vouched?.sha256 ?? read.map { Hashing.sha256($0) }
        // A connection that does not exist arrives as the package's file, which carries no
        // credentials: a disconnected placeholder that someone authenticates in the target.
        if AssetType.keptWhenPresent.contains(outcome.type) {
            outcome.action = .keep
            return
        }
        if let vouched, vouched.sha256 == incoming.sha256 {
            outcome.action = .unchanged
            return
        }
        let current = try read ?? FileSystem.read(full)
        if current == incoming.bytes {
            outcome.action = .unchanged
            return
        }
        outcome.action = .update
        let told = describeUpdate(&outcome, current: current, incoming: incoming.bytes)
        outcome.differs = told ?? Self.documentsDiffer(current, incoming.bytes)
    }

    /// The changed paths of an update of a JSON asset, and its unified diff when asked for.
    /// Returns whether the two files hold different documents when finding the paths told it (a
    /// re-import's usual update, one value changed): nil when `documentsDiffer` must say.
    private func describeUpdate(_ outcome: inout Outcome, current: [UInt8], incoming: [UInt8]) -> Bool? {
        var told: Bool?
        if AssetType.isJSONAsset(outcome.asset.zipName) {
            (outcome.changes, told) = AssetChanges.update(from: current, to: incoming, recipe: outcome.type == AssetType.recipe)
        }
        if diffs { outcome.unifiedDiff = AssetChanges.unified(from: current, to: incoming, path: outcome.path) }
        return told
    }

    /// An entry as it would be written, with its digest worked out once, when first asked for.
    struct Written {
        let bytes: [UInt8]
        private var hash: String?

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var sha256: String {
            mutating get {
                if hash == nil { hash = Hashing.sha256(bytes) }
                return hash!
            }
        }

        var content: RecipeUsageCache.Content {
            mutating get { .init(sha256: sha256) }
        }
    }

    /// What a recipe whose package links are `links` uses once written as `bytes` (rewritten):
    /// the same answer a parse of the written file gives the usage cache. Every key and step
    /// string goes through the rewriter, which replaced them in the file the same way; what it
    /// changed is kept once for all the recipes of the import.
    func usage(of links: AssetLinks, in bytes: [UInt8]) -> RecipeUsageCache.Entry {
        guard ByteSearch.contains(bytes, RecipeUsageCache.connectorMarker) else { return .init(keys: [], steps: []) }
        func rewritten(_ text: String) -> String {
            guard !rewriter.isEmpty else { return text }
            let (bytes, count) = rewriter.rewrite(Array(text.utf8))
            return count == 0 ? text : strings.intern(String(decoding: bytes, as: UTF8.self))
        }
        var steps: [StepUse] = []
        for step in links.steps {
            let target = StepUse(provider: rewritten(step.provider), keyword: rewritten(step.keyword), name: rewritten(step.name))
            if !steps.contains(target) { steps.append(target) }
        }
        return .init(keys: Set(links.providerKeys.map { rewritten($0.key) }).sorted(), steps: steps)
    }

    /// Whether two files hold different JSON documents (not just different formatting or key
    /// order). Reformatting and reordering keep every significant byte, so documents whose
    /// significant bytes are not the same multiset differ without being parsed.
    static func documentsDiffer(_ old: [UInt8], _ new: [UInt8]) -> Bool {
        guard nonWhitespaceBytes(old) == nonWhitespaceBytes(new), significantBytes(old) == significantBytes(new) else { return true }
        guard let a = try? JSONParser.parse(old, file: ""), let b = try? JSONParser.parse(new, file: "") else { return true }
        return !a.isSemanticallyEqual(to: b)
    }

    /// How often each byte other than a space, tab, newline or carriage return occurs. Such a byte
    /// counts in `significantBytes` wherever it stands, so files whose counts differ here differ
    /// there too. Counting needs no track of strings, which makes it several times cheaper, and it
    /// settles nearly every update whose trees had to be compared (tracking strings in both files
    /// was 15% of a re-import; an update in one value is told by `AssetChanges.update`). Four
    /// tables take turns, so that a run of one byte (indentation) does not wait on its own counter.
    static func nonWhitespaceBytes(_ bytes: [UInt8]) -> [Int] {
        var tables = [UInt32](repeating: 0, count: 4 * 256)
        tables.withUnsafeMutableBufferPointer { tables in
            bytes.withUnsafeBufferPointer { input in
                guard let base = input.baseAddress, let tally = tables.baseAddress else { return }
                let whole = input.count & ~3
                var offset = 0
                while offset < whole {
                    tally[Int(base[offset])] &+= 1
                    tally[256 + Int(base[offset + 1])] &+= 1
                    tally[512 + Int(base[offset + 2])] &+= 1
                    tally[768 + Int(base[offset + 3])] &+= 1
                    offset += 4
                }
                while offset < input.count {
                    tally[Int(base[offset])] &+= 1
                    offset += 1
                }
            }
        }
        var counts = (0..<256).map { Int(tables[$0]) + Int(tables[256 + $0]) + Int(tables[512 + $0]) + Int(tables[768 + $0]) }
        for space in [0x20, 0x09, 0x0A, 0x0D] { counts[space] = 0 }
        return counts
    }

    /// How often each byte occurs outside the whitespace between JSON tokens: the exact test,
    /// run when `nonWhitespaceBytes` agree (a reformatted file, or spaces moved inside strings).
    static func significantBytes(_ bytes: [UInt8]) -> [Int] {
        var counts = [Int](repeating: 0, count: 256)
        counts.withUnsafeMutableBufferPointer { counts in
            bytes.withUnsafeBufferPointer { input in
                guard let base = input.baseAddress, let tally = counts.baseAddress else { return }
                var inString = false, escaped = false
                for offset in 0..<input.count {
                    let byte = base[offset]
                    if inString {
                        if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                    } else if byte == 0x22 {
                        inString = true
                    } else if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                        continue
                    }
                    tally[Int(byte)] &+= 1
                }
            }
        }
        return counts
    }

    /// The nearest ancestor of `path` that exists, when it is something other than a folder: a
    /// path whose parent is a folder needs one look.
    static func fileInTheWay(of path: String, in workspace: Workspace) -> String? {
        var ancestor = Substring(path)
        while let slash = ancestor.lastIndex(of: "/") {
            ancestor = ancestor[..<slash]
            switch FileSystem.kind(workspace.path(String(ancestor))) {
            case .folder?: return nil
            case .file?, .other?: return String(ancestor)
            case nil: continue
            }
        }
        return nil
    }
}
