import Foundation

/// Which custom connector keys and steps each recipe of a workspace uses, remembered between
/// commands so that the dependency report of an import does not parse every recipe of the target
/// again. It lives outside the workspace (in the user's cache folder: `$RLCM_CACHE_DIR`,
/// `$XDG_CACHE_HOME/rlcm` or `~/.cache/rlcm`) and an entry is trusted only while the recipe's
/// size, modification and change times and inode are what they were, as git trusts its index.
/// Losing it, or failing to write it, only costs time.
struct RecipeUsageCache {
    struct Entry: Codable, Equatable {
        var stamp: FileSystem.Stamp
        var keys: [String]
        var steps: [StepUse]
    }

    private struct Contents: Codable {
        var root: String
        var recipes: [String: Entry]
    }

    private let file: String?
    private let root: String
    private let loaded: [String: Entry]
    private var seen: [String: Entry] = [:]

    init(workspace: Workspace) {
        root = workspace.root
        let environment = ProcessInfo.processInfo.environment
        let base = environment["RLCM_CACHE_DIR"] ?? environment["XDG_CACHE_HOME"].map { "\($0)/rlcm" } ?? environment["HOME"].map { "\($0)/.cache/rlcm" }
        file = base.map { "\($0)/usage-\(Hashing.sha256(Array(workspace.root.utf8)).prefix(24)).json" }
        if let file, let bytes = try? FileSystem.read(file), let contents = try? JSONDecoder().decode(Contents.self, from: Data(bytes)),
           contents.root == root {
            loaded = contents.recipes
        } else {
            loaded = [:]
        }
    }

    /// The keys and steps of the recipe at `path` (workspace-relative), from the cache when its
    /// file has not changed, else from `read`.
    mutating func usage(of path: String, full: String, read: () throws -> (keys: [String], steps: [StepUse])) throws -> Entry? {
        guard let stamp = FileSystem.stamp(full) else { return nil }
        if let cached = loaded[path], cached.stamp == stamp {
            seen[path] = cached
            return cached
        }
        let usage = try read()
        let entry = Entry(stamp: stamp, keys: usage.keys, steps: usage.steps)
        seen[path] = entry
        return entry
    }

    /// Keeps exactly the recipes seen by this scan (deleted ones drop out), atomically.
    func save() {
        guard let file, seen != loaded else { return }
        guard let bytes = try? JSONEncoder().encode(Contents(root: root, recipes: seen)) else { return }
        _ = try? FileSystem.makeDirectories((file as NSString).deletingLastPathComponent)
        try? FileSystem.replace(file, with: Array(bytes))
    }
}
