import RLCMFormat

/// The values file's connection bindings, as the planner applies them: the package's connection
/// that lands at a bound path is not created, and every reference to it is rewritten to the
/// target's connection, byte for byte (the quoted `zip_name` string, as provider keys are), so
/// the recipe runs with production's connection. A binding that names no connection the package
/// refers to, or a target connection that does not exist, is a problem.
struct ConnectionBindings: Sendable {
    /// Landing path of a package connection → the target connection used instead.
    let bound: [String: String]
    /// Rewrites `"<package zip_name>"` to `"<target zip_name>"`.
    let rewriter: ProviderKeyRewriter
    var problems: [PlanProblem] = []

    /// No bindings.
    static let none = ConnectionBindings(bound: [:], rewriter: ProviderKeyRewriter([:]))

    private init(bound: [String: String], rewriter: ProviderKeyRewriter) {
        self.bound = bound
        self.rewriter = rewriter
    }

    /// The bindings of `values` for a package landing where `target` says. Known before the
    /// package is read (each bound path's package `zip_name` is where it lands, the landing
    /// folder taken off), so that the pass reading the package rewrites as it compares.
    init(values: Values?, target: TargetReferences) {
        // A connection bound to the target's at its own path is what an import keeps anyway.
        let bindings = (values?.connections ?? [:]).filter { $0.key != $0.value }
        let workspace = target.landing.workspace, base = target.landing.base
        var map: [String: String] = [:]
        var problems: [PlanProblem] = []
        for (from, to) in bindings.sorted(by: { $0.key < $1.key }) {
            guard FileSystem.isRegularFile(workspace.path(to)), AssetType.of(to) == AssetType.connection else {
                problems.append(PlanProblem(.connectionBinding, path: from, "connection binding '\(from)' -> '\(to)': the target has no connection at '\(to)'"))
                continue
            }
            map["\"\(Self.relative(from, to: base))\""] = "\"\(Self.relative(to, to: base))\""
        }
        self.init(bound: bindings, rewriter: ProviderKeyRewriter(map))
        self.problems = problems
    }

    /// A workspace path as a `zip_name` of a package landing at `base`.
    private static func relative(_ path: String, to base: String) -> String {
        path.hasPrefix("\(base)/") ? String(path.dropFirst(base.count + 1)) : path
    }

    /// Each binding that names no connection the package carries or refers to, as a problem.
    mutating func check(_ index: PackageIndex, target: TargetReferences) {
        guard !bound.isEmpty else { return }
        var referenced = Set<String>()
        for asset in index.assets {
            if asset.type == AssetType.connection { referenced.insert(target.landingPath(asset.zipName)) }
            for reference in asset.links?.references ?? [] where AssetType.of(reference.zipName) == AssetType.connection {
                referenced.insert(target.landingPath(reference.zipName))
            }
        }
        for from in bound.keys.sorted() where !referenced.contains(from) {
            problems.append(PlanProblem(.connectionBinding, path: from, "connection binding '\(from)': no connection of the package lands there or is referenced there"))
        }
    }
}
