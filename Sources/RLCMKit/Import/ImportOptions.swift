import RLCMFormat

/// Why an import cannot run or was refused.
public enum ImportError: RLCMError, Equatable {
    case invalidProject(String)
    case invalidFolder(String)
    case blocked(problems: [String])
    case stalePlan(changes: [String])
    /// A plan file that is not a plan this rlcm saved: `detail` names the place.
    case invalidPlanFile(file: String, detail: String)
    /// A saved plan used on a workspace other than the one it was made for.
    case otherWorkspace(madeFor: String, this: String)
    /// A saved plan made against a remote workspace, used on a workspace folder.
    case remotePlanForLocal(plan: String, remote: String)
    /// A saved plan whose package is at none of the places it names (`tried`).
    case packageNotFound(plan: String, tried: [String])
    /// `--package FILE` is not the package the plan was made from.
    case otherPackage(file: String, sha256: String, plan: String, planSHA256: String)
    /// A values file's connector tie that a remote's import cannot be given (it ties a new
    /// connector's keys only by their slug, and the slug names more than one connector).
    case tieNotSendable(key: String, title: String, slug: String)

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
        case .invalidPlanFile(let file, let detail):
            return "plan file '\(file)' is not a plan 'rlcm plan --out' saved: \(detail); make a new one with 'rlcm plan --out'"
        case .otherWorkspace(let madeFor, let this):
            return "the saved plan was made for workspace \(madeFor), this is workspace \(this); nothing was written: make a plan for this workspace with 'rlcm plan'"
        case .remotePlanForLocal(let plan, let remote):
            return "the plan '\(plan)' was made against remote '\(remote)'; apply it with 'rlcm import --plan \(plan) --remote \(remote)'"
        case .packageNotFound(let plan, let tried):
            return "the package of plan '\(plan)' is not at \(tried.map { "'\($0)'" }.joined(separator: " nor ")); give it with --package FILE"
        case .otherPackage(let file, let sha256, let plan, let planSHA256):
            return "'\(file)' is not the package plan '\(plan)' was made from (sha256 \(sha256.prefix(12))…, the plan's is \(planSHA256.prefix(12))…); nothing was written"
        case .tieNotSendable(let key, let title, let slug):
            return "connector tie '\(key)' -> '\(title)': a remote's import ties a key to a connector it does not have yet only through the key's slug, and '\(slug)' does not name exactly one connector of the package; nothing was sent: import into a workspace folder, or give the package's connectors titles of their own"
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
    /// The values to set (`--values`), read: see `ValuesFile`.
    public var values: Values?
    /// Add no connector version when the package's code and note equal the target's released
    /// version (`--reuse-identical-connectors`); by default every import adds one, as the
    /// platform does.
    public var reuseIdenticalConnectors: Bool
    /// Give the plan the unified diff of every file it updates and of every connector's code (`--diff`).
    public var diffs: Bool
    /// Remove the target's assets under the landing folder that the package does not carry
    /// (`--prune`); connections and property files are never removed.
    public var prune: Bool

    public init(project: String, restartRecipes: Bool = false, strict: Bool = false, folder: String = "", origin: String? = nil,
                fingerprintByContent: Bool = false, values: Values? = nil, reuseIdenticalConnectors: Bool = false, diffs: Bool = false,
                prune: Bool = false) {
        self.project = project
        self.restartRecipes = restartRecipes
        self.strict = strict
        self.folder = folder.split(separator: "/").joined(separator: "/")
        self.origin = origin
        self.fingerprintByContent = fingerprintByContent
        self.values = values
        self.reuseIdenticalConnectors = reuseIdenticalConnectors
        self.diffs = diffs
        self.prune = prune
    }
}

extension ImportOptions {
    /// Refuses a project that is not a top-level folder's name, and a landing folder with hidden
    /// or `..` components, before anything is read.
    func validate() throws {
        guard !project.isEmpty, !project.contains(Character("/")), !project.hasPrefix("."), project != ".." else { throw ImportError.invalidProject(project) }
        guard !folder.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { throw ImportError.invalidFolder(folder) }
    }
}
