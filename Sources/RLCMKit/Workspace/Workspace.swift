import Foundation
import RLCMFormat

/// A folder of projects that looks like an unzipped Workato export, plus rlcm's own state in
/// `.rlcm/`: settings, the connector store, recipe run states and import history.
///
/// Layout of `.rlcm/` (all JSON is pretty-printed with sorted keys so it diffs well in git):
/// - `workspace.json`: name, environment, data center, creation time;
/// - `connectors/<id>/connector.json`, `connectors/<id>/v<N>.rb`, `connectors/<id>/logo`: the connector store;
/// - `recipes.json`: the recipes that are running;
/// - `history/<id>.json`: one record per import or rollback; `history/projects/<project>.json`: what
/// the last of them left in each project (`ProjectBaseline`);
/// - `undo/<id>.json`, `undo/objects/`: what each changed and the previous bytes (`UndoStore`);
/// - `lock` and `txn/`: the command lock and in-flight transactions (git-ignored by `.rlcm/.gitignore`);
/// - `server/`: `rlcm serve`'s database and package files (git-ignored too).
public struct Workspace: Sendable {
    public static let stateFolderName = ".rlcm"
    /// What `.rlcm/.gitignore` keeps out of git: machine-local state, never part of the workspace's history.
    public static let ignoredState = ["lock", "txn/", "server/"]

    /// Absolute path of the workspace folder.
    public let root: String
    public let settings: WorkspaceSettings

    public var stateFolder: String { "\(root)/\(Workspace.stateFolderName)" }

    /// Opens the workspace at `root` exactly (no search upwards).
    public init(root: String) throws {
        let root = Workspace.absolute(root)
        let file = "\(root)/\(Workspace.stateFolderName)/workspace.json"
        guard FileSystem.isRegularFile(file) else { throw Self.notAWorkspace(root) }
        self.root = root
        self.settings = try StateCoding.decode(WorkspaceSettings.self, from: try FileSystem.read(file), file: file)
    }

    /// Why `folder`, named as a workspace, is not one: it does not exist, it lies inside a
    /// workspace (whose root to name instead), or it is an ordinary folder.
    private static func notAWorkspace(_ folder: String) -> WorkspaceError {
        guard FileSystem.isDirectory(folder) else { return .noFolder(folder) }
        let parent = FileSystem.folder(of: folder)
        if parent != folder, let enclosing = try? discover(from: parent) { return .insideWorkspace(folder, root: enclosing.root) }
        return .notAWorkspace(folder)
    }

    /// The folder holding a workspace-relative path (`""`, the root, for a project).
    public static func parent(of path: String) -> String { FileSystem.folder(of: path) }

    /// Finds the nearest workspace enclosing `start`, the way git finds a repository.
    public static func discover(from start: String) throws -> Workspace {
        var current = absolute(start)
        while true {
            if FileSystem.isRegularFile("\(current)/\(stateFolderName)/workspace.json") { return try Workspace(root: current) }
            let parent = FileSystem.folder(of: current)
            if parent == current || current.isEmpty { throw WorkspaceError.notFound(searchedFrom: absolute(start)) }
            current = parent
        }
    }

    /// Creates an empty workspace in a new or empty folder.
    @discardableResult
    public static func create(at path: String, settings: WorkspaceSettings) throws -> Workspace {
        let root = absolute(path)
        if FileSystem.exists("\(root)/\(stateFolderName)/workspace.json") { throw WorkspaceError.alreadyExists(root) }
        if FileSystem.exists(root) {
            guard FileSystem.isDirectory(root), try FileSystem.children(root).isEmpty else { throw WorkspaceError.notEmpty(root) }
        }
        let state = "\(root)/\(stateFolderName)"
        try FileSystem.makeDirectories("\(state)/connectors")
        try FileSystem.write(Array(Workspace.ignoredState.map { "\($0)\n" }.joined().utf8), to: "\(state)/.gitignore")
        try FileSystem.write(try StateCoding.encode(RecipeStates()), to: "\(state)/recipes.json")
        try FileSystem.write([], to: "\(state)/lock")
        // workspace.json last: its presence is what makes the folder a workspace.
        try FileSystem.replace("\(state)/workspace.json", with: try StateCoding.encode(settings))
        return try Workspace(root: root)
    }

    /// Whether the workspace's file system keeps names that differ only in letter case apart
    /// (probed on its own `workspace.json`): a package's `Recipes/` beside `recipes/` can land as
    /// two folders only where it does.
    public func probeLetterCase() -> LetterCase { FileSystem.letterCase(probing: "\(stateFolder)/workspace.json") }

    /// The workspace's projects: its top-level folders, hidden ones excepted.
    public func projects() throws -> [String] {
        try FileSystem.children(root).filter { !$0.hasPrefix(".") && FileSystem.isDirectory("\(root)/\($0)") }
    }

    /// Absolute path of a workspace-relative path.
    public func path(_ relative: String) -> String { relative.isEmpty ? root : "\(root)/\(relative)" }

    /// Runs `body` holding the workspace lock (waiting for it up to `environment.lockTimeout`),
    /// after finishing or undoing whatever an interrupted earlier command left behind. The session
    /// runs in `environment`.
    public func locked<T>(command: String, environment: RunEnvironment, _ body: (WorkspaceSession) throws -> T) throws -> T {
        let lock = try WorkspaceLock(path: "\(stateFolder)/lock", command: command, environment: environment)
        let rolledBack = try Transaction.recoverInterrupted(root: root)
        let session = WorkspaceSession(workspace: self, environment: environment, recoveredLockHolder: lock.recoveredFrom,
                                       rolledBackTransactions: rolledBack)
        return try withExtendedLifetime(lock) { try body(session) }
    }

    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        var result = url.standardizedFileURL.path
        while result.count > 1 && result.hasSuffix("/") { result.removeLast() }
        return result
    }
}

/// A workspace held under its lock: the only way commands read or change it.
public struct WorkspaceSession: Sendable {
    public let workspace: Workspace
    /// What the command runs with: its clock, folders, progress sink and (in tests) faults.
    public let environment: RunEnvironment
    /// Who held the lock last without releasing it (a killed process), when that happened.
    public let recoveredLockHolder: String?
    /// How many interrupted transactions were rolled back before this command started.
    public let rolledBackTransactions: Int

    public func recipeStates() throws -> RecipeStates { try RecipeStates.load(workspace) }

    /// Starts an all-or-nothing change of this workspace.
    func transaction() throws -> Transaction { try Transaction(root: workspace.root, faults: environment.faults) }
}
