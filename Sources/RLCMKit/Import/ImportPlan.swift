import RLCMFormat
/// Everything an import will do, computed before anything is written. `rlcm plan` prints it,
/// `--out` saves it, and `rlcm import --plan` applies exactly it after checking that nothing it
/// depends on changed. Its JSON form follows `Schemas/import-plan.schema.json`.
public struct ImportPlan: Codable, Sendable, Report {
    public enum AssetAction: String, Codable, Sendable {
        /// `remove`: only a rollback removes files (those the undone import created). `bound`: a
        /// connection the values file binds to one of the target's: not created.
        case create, update, unchanged, keep, remove, bound
    }

    public struct Asset: Codable, Sendable, Equatable {
        public var zipName: String
        /// Workspace-relative path the entry lands at.
        public var path: String
        public var type: AssetType
        public var action: AssetAction
        /// For `update`: whether the documents differ (false when only formatting or key order does).
        public var contentDiffers: Bool?
        /// The target recipe at `path` is running.
        public var running: Bool
        /// SHA-256 of what will be written (after provider-key rewrites); nil for `keep`, `unchanged` and `remove`.
        public var newSHA256: String?
        public var keyRewrites: Int
        /// For an import's `update`: SHA-256 of the file it replaces.
        public var oldSHA256: String? = nil
        /// For an import's `update` of a JSON asset: every path that changes, with its values.
        public var changedPaths: [Change]? = nil

        enum CodingKeys: String, CodingKey {
            case zipName = "zip_name", path, type, action, contentDiffers = "content_differs", running
            case newSHA256 = "new_sha256", keyRewrites = "key_rewrites", oldSHA256 = "old_sha256", changedPaths = "changed_paths"
        }
    }

    /// `reuse` (`--reuse-identical-connectors`): the target's released version has the package's
    /// code and note, so the import adds no version and `new_version_no` is that released one.
    /// A rollback makes no version: it puts a connector's record back (`restore`: the released
    /// version goes back to `new_version_no`) or removes a connector the undone import created.
    public enum ConnectorAction: String, Codable, Sendable {
        case create, newVersion = "new_version", reuse, restore, remove
    }

    public struct Connector: Codable, Sendable, Equatable {
        public var title: String
        public var zipName: String
        public var action: ConnectorAction
        /// The package's `version_no` (nil when its metadata has none) and note.
        public var packageVersionNo: Int?
        public var note: String?
        /// The target's released version before the import (nil when none or when created).
        public var releasedBefore: Int?
        /// The version the import creates and releases (a rollback: the version released after it; 0 when it removes the connector).
        public var newVersionNo: Int
        public var targetKey: String
        public var packageKeys: [String]
        /// True when the target's connector was installed from a library: it takes versions only
        /// from its developer, so the package's (the same code) is used as installed (`reuse`).
        public var installed: Bool? = nil
        /// Whether the incoming code equals the target's released code (nil when there is none).
        public var identicalToReleased: Bool?
        public var codeDiff: CodeDiffSummary?
        /// With `--diff`: the unified diff of the released code and the package's.
        public var unifiedDiff: String? = nil

        enum CodingKeys: String, CodingKey {
            case title, zipName = "zip_name", action, packageVersionNo = "package_version_no", note
            case releasedBefore = "released_before", newVersionNo = "new_version_no", targetKey = "target_key"
            case packageKeys = "package_keys", installed, identicalToReleased = "identical_to_released", codeDiff = "code_diff"
            case unifiedDiff = "unified_diff"
        }
    }

    /// A recipe of the target workspace that runs a connector the import re-releases.
    public struct Dependent: Codable, Sendable, Equatable {
        public var connector: String
        public var path: String
        public var running: Bool
        /// The recipe is part of the import (it arrives with the package).
        public var imported: Bool
        /// Actions and triggers it uses that the incoming code no longer defines.
        public var missingActions: [String]
        public var missingTriggers: [String]

        public var breaks: Bool { !missingActions.isEmpty || !missingTriggers.isEmpty }

        enum CodingKeys: String, CodingKey {
            case connector, path, running, imported, missingActions = "missing_actions", missingTriggers = "missing_triggers"
        }
    }

    /// A reference that resolves neither in the package nor in the target: the asset imports as
    /// it is, and the reference stays open until something exists where it points. Real packages
    /// leave connections out on purpose (production has its own), so this is a warning, not a
    /// problem, unless the import is `--strict`.
    public struct Unresolved: Codable, Sendable, Equatable, Hashable {
        /// Workspace-relative path where the referring entry lands.
        public var asset: String
        /// The referring entry's name in the package.
        public var entry: String
        public var jsonPath: String
        /// What the reference names: a `zip_name`, or for a recipe's custom connector that nothing
        /// ties to a connector, its provider key.
        @Nullable public var zipName: String?
        @Nullable public var providerKey: String?
        /// The referenced asset's display name, as the reference gives it.
        @Nullable public var name: String?
        /// The referenced asset's type (`connection`, `recipe`, `custom_adapter`, ...).
        public var type: AssetType
        /// What the open reference means for the asset, in a sentence.
        public var meaning: String

        enum CodingKeys: String, CodingKey {
            case asset, entry, jsonPath = "json_path", zipName = "zip_name", providerKey = "provider_key", name, type, meaning
        }

        /// The reference as a problem, for `--strict`.
        var problem: PlanProblem {
            PlanProblem(.reference, path: asset, jsonPath: jsonPath,
                        "'\(asset)' \(jsonPath): \(zipName.map { "'\($0)'" } ?? "provider key '\(providerKey ?? "")'") resolves neither in the package nor in the target workspace (--strict)")
        }
    }

    /// A property the package's recipes read, and where its value comes from once imported.
    public struct PropertyValue: Codable, Sendable, Equatable {
        public enum Source: String, Codable, Sendable {
            /// Set by the import from the values file (`--values`).
            case valuesFile = "values_file"
            /// The target already has a value, which the import keeps.
            case target
            /// No value anywhere: the recipe reads an empty one (a warning; a problem under `--strict`).
            case nowhere
        }
        public var type: PropertyUse.Kind
        public var name: String
        public var source: Source
        /// The property file that holds (or will hold) the value, workspace-relative.
        public var file: String
        /// SHA-256 of the value the import sets; values themselves never appear in a plan.
        public var valueSHA256: String?
        public var readers: [InspectReport.PropertyRead.Reader]

        enum CodingKeys: String, CodingKey { case type, name, source, file, valueSHA256 = "value_sha256", readers }
    }

    public struct KeyRewrite: Codable, Sendable, Equatable {
        public var connector: String
        public var from: String
        public var to: String
        public var files: Int
    }

    /// The state of a target file when the plan was made (`sha256` and `stamp` nil: the file did
    /// not exist). Files the import writes are fingerprinted by content; files it only reports on
    /// (recipes that depend on a re-released connector, thousands in a large workspace) by their
    /// stat `stamp`, as git's index trusts a file, so that planning does not read and hash them.
    public struct Fingerprint: Codable, Sendable, Equatable, Hashable {
        public var path: String
        public var sha256: String?
        /// `size:mtime_ns:ctime_ns:inode` (`FileSystem.Stamp`), for files the plan only reports on.
        public var stamp: String?

        public init(path: String, sha256: String?, stamp: String? = nil) {
            self.path = path
            self.sha256 = sha256
            self.stamp = stamp
        }

        var exists: Bool { sha256 != nil || stamp != nil }
    }

    public struct Summary: Codable, Sendable, Equatable {
        public var create = 0, update = 0, unchanged = 0, keep = 0, remove = 0
        public var connectorsCreated = 0, connectorVersions = 0
        /// Connectors whose released version the import reuses (`--reuse-identical-connectors`).
        public var connectorsReused = 0
        public var runningAffected = 0, breaking = 0, problems = 0, warnings = 0

        enum CodingKeys: String, CodingKey {
            case create, update, unchanged, keep, remove, connectorsCreated = "connectors_created", connectorVersions = "connector_versions"
            case connectorsReused = "connectors_reused", runningAffected = "running_affected", breaking, problems, warnings
        }

        init(assets: [Asset], connectors: [Connector], dependents: some Sequence<Dependent>, problems: [PlanProblem], warnings: Int) {
            for asset in assets {
                switch asset.action {
                case .create: create += 1
                case .update: update += 1
                case .unchanged: unchanged += 1
                case .keep: keep += 1
                case .remove: remove += 1
                case .bound: keep += 1
                }
            }
            connectorsCreated = connectors.filter { $0.action == .create }.count
            connectorVersions = connectors.filter { $0.action == .newVersion }.count
            connectorsReused = connectors.filter { $0.action == .reuse }.count
            var running = Set(assets.filter { $0.running && $0.action == .update }.map(\.path)), breaking = Set<String>()
            for dependent in dependents {
                if dependent.running { running.insert(dependent.path) }
                if dependent.breaks { breaking.insert(dependent.path) }
            }
            runningAffected = running.count
            self.breaking = breaking.count
            self.problems = problems.count
            self.warnings = warnings
        }

        /// History records written before warnings were counted have none; before rollbacks, no
        /// removals; before `--reuse-identical-connectors`, no reused connectors.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            create = try c.decode(Int.self, forKey: .create)
            update = try c.decode(Int.self, forKey: .update)
            unchanged = try c.decode(Int.self, forKey: .unchanged)
            keep = try c.decode(Int.self, forKey: .keep)
            remove = try c.decodeIfPresent(Int.self, forKey: .remove) ?? 0
            connectorsCreated = try c.decode(Int.self, forKey: .connectorsCreated)
            connectorVersions = try c.decode(Int.self, forKey: .connectorVersions)
            connectorsReused = try c.decodeIfPresent(Int.self, forKey: .connectorsReused) ?? 0
            runningAffected = try c.decode(Int.self, forKey: .runningAffected)
            breaking = try c.decode(Int.self, forKey: .breaking)
            problems = try c.decode(Int.self, forKey: .problems)
            warnings = try c.decodeIfPresent(Int.self, forKey: .warnings) ?? 0
        }
    }

    /// 2: problems are objects (kind, path, JSON path, message) and `blocked` says whether any is there.
    public static let formatVersion = 2
    public var formatVersion = ImportPlan.formatVersion
    public var package: String
    public var packageSHA256: String
    public var project: String
    public var restartRecipes: Bool
    /// Whether unresolved references block the import (`--strict`).
    public var strict: Bool
    /// `--reuse-identical-connectors`: true, or nil (left out of the JSON) when not given.
    public var reuseIdenticalConnectors: Bool? = nil
    /// `--prune`: true, or nil (left out of the JSON) when not given.
    public var prune: Bool? = nil
    /// The workspace the plan was made for; nil (left out) in a rollback's plan.
    public var madeFor: MadeFor? = nil
    /// Where the package is from the folder of the saved plan, so that `import --plan` finds it
    /// from any folder; set by `save(to:)`.
    public var packageFromPlan: String? = nil
    public var assets: [Asset]
    public var connectors: [Connector]
    public var dependents: SpilledList<Dependent>
    public var keyRewrites: [KeyRewrite]
    public var unresolved: [Unresolved]
    /// The properties the package's recipes read; nil (left out of the JSON) when they read none.
    public var properties: [PropertyValue]? = nil
    /// Entries the import places nowhere, with why; nil (left out) when there are none. Warnings,
    /// problems under `--strict`.
    public var unplaced: [PackageIndex.Unplaced]? = nil
    /// What looks wrong about the package as a whole (`PackageIndex.suspicions`); nil (left out)
    /// when nothing does. Warnings.
    public var suspicions: [String]? = nil
    /// The target's assets under the landing folder that the package does not carry, and whether
    /// the import removes them (`--prune`); nil (left out) when there are none.
    public var notInPackage: [Leftover]? = nil
    /// With `--diff`: each updated file's unified diff, by workspace path; nil (left out) otherwise.
    public var diffs: [String: String]? = nil
    /// The values file's connection bindings (package connection's landing path → the target's
    /// connection its references are rewritten to); nil (left out) when there are none.
    public var bindings: [String: String]? = nil
    /// What blocks the plan; `blocked` says whether anything does.
    public var problems: [PlanProblem] { didSet { blocked = !problems.isEmpty } }
    public var blocked: Bool
    public var fingerprints: SpilledList<Fingerprint>
    public var summary: Summary
    /// The remote workspace the plan was made against; nil (and left out of the JSON) for a folder.
    public var target: Target? = nil
    /// For a rollback's plan: what it undoes; nil (and left out of the JSON) for an import.
    public var rollback: Rollback? = nil

    /// A workspace as a plan names it: its name and creation time, which a copy of it keeps and
    /// another workspace does not share (the connector store's ids are drawn from the same two).
    public struct MadeFor: Codable, Sendable, Equatable {
        public var name: String
        public var createdAt: String

        init(_ settings: WorkspaceSettings) {
            name = settings.name
            createdAt = settings.createdAt
        }

        enum CodingKeys: String, CodingKey { case name, createdAt = "created_at" }

        /// `'Production' (created 2026-11-23T15:39:39Z)`.
        public var description: String { "'\(name)' (created \(createdAt))" }
    }

    /// What a rollback's plan undoes.
    public struct Rollback: Codable, Sendable, Equatable {
        /// The import or rollback it undoes.
        public var undoes: String
        public var undoesKind: HistoryRecord.Kind
        /// `--force`: files changed since are put back too.
        public var force: Bool

        enum CodingKeys: String, CodingKey { case undoes, undoesKind = "undoes_kind", force }
    }

    /// A workspace reached through the Developer API: its name in `rlcm remote list` and its URL.
    public struct Target: Codable, Sendable, Equatable {
        public var remote: String
        public var url: String

        public init(remote: String, url: String) {
            self.remote = remote
            self.url = url
        }
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", package, packageSHA256 = "package_sha256", project, restartRecipes = "restart_recipes", strict
        case reuseIdenticalConnectors = "reuse_identical_connectors", prune, notInPackage = "not_in_package"
        case madeFor = "made_for", packageFromPlan = "package_from_plan"
        case assets, connectors, dependents, keyRewrites = "key_rewrites", unresolved, unplaced, suspicions, properties, diffs, bindings, problems, blocked, fingerprints, summary, target, rollback
    }

    /// Whether applying the plan changes the workspace. A package with a custom connector does,
    /// as on the platform, unless the connector's released version is reused.
    public var hasChanges: Bool {
        connectors.contains { $0.action != .reuse } || (notInPackage ?? []).contains { $0.action == .remove } || assets.contains { $0.action == .create || $0.action == .update || $0.action == .remove }
    }
}

/// A dependent is spilled as its fields; the report lists dependents by connector, then path.
extension ImportPlan.Dependent: Spillable {
    static func inOrder(_ first: Self, _ second: Self) -> Bool { (first.connector, first.path) < (second.connector, second.path) }

    func spill(into record: inout SpillWriter) {
        record.write(connector)
        record.write(path)
        record.write(running)
        record.write(imported)
        record.write(missingActions)
        record.write(missingTriggers)
    }

    init(unspilling record: inout SpillReader) {
        self.init(connector: record.text(), path: record.text(), running: record.flag(), imported: record.flag(),
                  missingActions: record.texts(), missingTriggers: record.texts())
    }
}

/// Fingerprints are listed by path (a path has one; the rest of the order only makes it total).
extension ImportPlan.Fingerprint: Spillable {
    static func inOrder(_ first: Self, _ second: Self) -> Bool {
        (first.path, first.sha256 ?? "", first.stamp ?? "") < (second.path, second.sha256 ?? "", second.stamp ?? "")
    }

    func spill(into record: inout SpillWriter) {
        record.write(path)
        record.write(sha256)
        record.write(stamp)
    }

    init(unspilling record: inout SpillReader) {
        self.init(path: record.text(), sha256: record.optionalText(), stamp: record.optionalText())
    }
}
