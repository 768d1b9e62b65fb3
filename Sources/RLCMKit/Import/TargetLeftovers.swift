import RLCMFormat

extension ImportPlan {
    /// An asset of the target, under the folder the package lands in, that the package does not
    /// carry: left as it is, or removed by `import --prune`. A recipe renamed in the sandbox shows
    /// here under its old name while the new one is created, and both would listen on one trigger.
    public struct Leftover: Codable, Sendable, Equatable {
        public enum Action: String, Codable, Sendable {
            /// Left in place: no `--prune`, or an asset an import never removes (a connection, a
            /// property file: the target's own, which packages leave out on purpose).
            case keep
            /// Removed by `--prune`, in the import's transaction (a rollback brings it back).
            case remove
        }

        public var path: String
        public var type: AssetType
        public var action: Action
        public var running: Bool
        /// For a recipe: the recipe the import creates that it likely became, by the same name or
        /// the same trigger (`renamedBy`: `name` or `trigger`).
        public var likelyRenamedTo: String?
        public var renamedBy: String?
        /// For `remove`: SHA-256 of the file, which a saved plan depends on.
        public var sha256: String?

        enum CodingKeys: String, CodingKey {
            case path, type, action, running, likelyRenamedTo = "likely_renamed_to", renamedBy = "renamed_by", sha256
        }
    }
}

/// What identifies a recipe to a reviewer looking for a rename: its name and its trigger
/// (`provider/name` of the step at `$.code`).
struct RecipeIdentity: Sendable, Equatable {
    var name: String?
    var trigger: String?

    /// The identity of the recipe `bytes` hold; nil when they do not parse.
    init?(_ bytes: [UInt8]) {
        guard case .object(let recipe)? = try? JSONParser.parse(bytes, file: "") else { return nil }
        if case .string(let name)? = recipe["name"] { self.name = name }
        if case .object(let code)? = recipe["code"], case .string(let provider)? = code["provider"], case .string(let action)? = code["name"] {
            trigger = "\(provider)/\(action)"
        }
    }
}

/// The planner's step that finds the target's leftovers: every asset file under the landing
/// folder that no entry of the package lands at (nor any file the values step writes).
enum TargetLeftovers {
    /// `landed`: the target's files under the landing folder; `carried`: the paths the plan writes
    /// or compares; `created`: the recipes it creates, with their identity. Running recipes the
    /// prune would remove without `--restart-recipes` are problems in `state`, and removed files
    /// are fingerprinted there.
    static func find(among landed: [String], in landing: Landing, carried: Set<String>, created: [String: RecipeIdentity],
                     options: ImportOptions, state: inout ImportPlanner.PlanState) throws -> [ImportPlan.Leftover] {
        let workspace = landing.workspace
        var leftovers: [ImportPlan.Leftover] = []
        for path in landed where !carried.contains(path) {
            guard let type = AssetType.of(path), type != AssetType.customAdapter else { continue }
            let removed = options.prune && !AssetType.keptWhenPresent.contains(type), recipe = type == AssetType.recipe
            // Read only to fingerprint a removal or to look for a rename.
            let bytes = removed || (recipe && !created.isEmpty) ? try FileSystem.read(workspace.path(path)) : nil
            var leftover = ImportPlan.Leftover(path: path, type: type, action: removed ? .remove : .keep,
                                               running: recipe && state.states.isRunning(path), sha256: removed ? bytes.map { Hashing.sha256($0) } : nil)
            if recipe, let bytes, let identity = RecipeIdentity(bytes) {
                let byName = created.filter { identity.name != nil && $0.value.name == identity.name }.keys.sorted().first
                let byTrigger = created.filter { identity.trigger != nil && $0.value.trigger == identity.trigger }.keys.sorted().first
                leftover.likelyRenamedTo = byName ?? byTrigger
                leftover.renamedBy = byName != nil ? "name" : byTrigger != nil ? "trigger" : nil
            }
            if removed {
                state.fingerprints.insert(.init(path: path, sha256: leftover.sha256))
                if leftover.running && !options.restartRecipes {
                    state.problems.append(PlanProblem(.runningRecipe, path: path, "recipe '\(path)' is running and --prune would remove it; stop it first or import with --restart-recipes"))
                }
            }
            leftovers.append(leftover)
        }
        return leftovers
    }
}
