import Foundation
import RLCMFormat

extension Workspace {
    /// Runs `body` holding the workspace lock shared with other readers, so that a server can
    /// answer many reads at once while no change is half made: writers hold the lock exclusively.
    /// A transaction folder seen under the shared lock was left by a writer that died (a live one
    /// would hold the lock); it is undone first under the exclusive lock, as every command does.
    public func readLocked<T>(command: String, environment: RunEnvironment, _ body: (WorkspaceSession) throws -> T) throws -> T {
        while true {
            var lock: WorkspaceLock? = try WorkspaceLock(path: "\(stateFolder)/lock", command: command, environment: environment, shared: true)
            if !FileSystem.exists(Transaction.transactionsFolder(root: root)) {
                return try withExtendedLifetime(lock) {
                    try body(WorkspaceSession(workspace: self, environment: environment, recoveredLockHolder: nil, rolledBackTransactions: 0))
                }
            }
            lock = nil
            try locked(command: command, environment: environment) { _ in }
        }
    }

    /// Adds what `.rlcm/.gitignore` must keep out of git to a workspace made before it did (a
    /// workspace's own `.gitignore` lines are kept as they are).
    public func ensureIgnoredState() throws {
        let file = "\(stateFolder)/.gitignore"
        let current = FileSystem.exists(file) ? String(decoding: try FileSystem.read(file), as: UTF8.self) : ""
        let lines = Set(current.split(separator: "\n").map(String.init))
        let missing = Workspace.ignoredState.filter { !lines.contains($0) }
        guard !missing.isEmpty else { return }
        let prefix = current.isEmpty || current.hasSuffix("\n") ? current : current + "\n"
        try FileSystem.replace(file, with: Array((prefix + missing.map { "\($0)\n" }.joined()).utf8))
    }
}

/// Finds what the references inside a workspace's assets point at, by the workspace's own rules.
public struct ReferenceLookup {
    let scanner: WorkspaceScanner

    /// The workspace file that a `{zip_name, name}` reference made by the asset at `from` leads
    /// to, or nil when it leads nowhere (or to a custom connector).
    public func file(zipName: String, name: String?, from: String) -> String? {
        guard AssetType.of(zipName) != AssetType.customAdapter else { return nil }
        return try? scanner.resolveFile(AssetReference(jsonPath: "$", zipName: zipName, name: name), from: from).get()
    }
}

extension WorkspaceSession {
    /// The catalog of the workspace as it is now, from one walk.
    public func catalog() throws -> WorkspaceCatalog {
        var catalog = WorkspaceCatalog()
        try catalog.refresh(in: self)
        return catalog
    }

    public func referenceLookup() throws -> ReferenceLookup {
        ReferenceLookup(scanner: try WorkspaceScanner(workspace: workspace))
    }
}
