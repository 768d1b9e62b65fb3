import Foundation

/// Which custom connector keys and steps each recipe of a workspace uses, remembered between
/// commands so that the dependency report of an import does not parse every recipe of the target
/// again. It lives outside the workspace (in the user's cache folder: `$RLCM_CACHE_DIR`,
/// `$XDG_CACHE_HOME/rlcm` or `~/.cache/rlcm`) and an entry is trusted only while the recipe's
/// size, modification and change times and inode are what they were, as git trusts its index.
/// Losing it, or failing to write it, only costs time.
struct RecipeUsageCache {
    struct Entry: Equatable {
        var stamp: FileSystem.Stamp
        var keys: [String]
        var steps: [StepUse]
    }

    private let file: String?
    private let root: String
    private let loaded: [String: Entry]
    private var seen: [String: Entry] = [:]

    init(workspace: Workspace) {
        root = workspace.root
        let environment = ProcessInfo.processInfo.environment
        let base = environment["RLCM_CACHE_DIR"] ?? environment["XDG_CACHE_HOME"].map { "\($0)/rlcm" } ?? environment["HOME"].map { "\($0)/.cache/rlcm" }
        file = base.map { "\($0)/usage-\(Hashing.sha256(Array(workspace.root.utf8)).prefix(24)).tsv" }
        loaded = file.flatMap { try? FileSystem.read($0) }.map { RecipeUsageCache.parse($0, root: workspace.root) } ?? [:]
    }

    // The file is plain text, one recipe a line, so that a workspace of 50,000 recipes reads in
    // small memory: a header line with the workspace root, then
    // `path \t size \t modified \t changed \t inode \t key,key \t provider:keyword:name;...`.
    // Entries whose path, keys or names hold a separator are not written, and a line that does not
    // parse is dropped: either only costs a re-read.

    private static func parse(_ bytes: [UInt8], root: String) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        var interned: [Substring: String] = [:]
        func intern(_ text: Substring) -> String {
            if let known = interned[text] { return known }
            let string = String(text)
            interned[text] = string
            return string
        }
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.popFirst() == Substring("rlcm-usage 1\t\(root)") else { return [:] }
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 7, let size = Int(fields[1]), let modified = Int(fields[2]), let changed = Int(fields[3]),
                  let inode = UInt64(fields[4]) else { continue }
            let keys = fields[5].split(separator: ",").map(intern)
            let steps = fields[6].split(separator: ";").compactMap { step -> StepUse? in
                let parts = step.split(separator: ":", omittingEmptySubsequences: false)
                return parts.count == 3 ? StepUse(provider: intern(parts[0]), keyword: intern(parts[1]), name: intern(parts[2])) : nil
            }
            entries[String(fields[0])] = Entry(stamp: .init(size: size, modified: modified, changed: changed, inode: inode), keys: keys, steps: steps)
        }
        return entries
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
        var text = "rlcm-usage 1\t\(root)\n"
        let separators: Set<Character> = ["\t", "\n", "\r", ",", ":", ";"]
        func plain(_ text: String) -> Bool { !text.contains(where: separators.contains) }
        for (path, entry) in seen.sorted(by: { $0.key < $1.key })
        where plain(path) && entry.keys.allSatisfy(plain) && entry.steps.allSatisfy({ plain($0.provider) && plain($0.keyword) && plain($0.name) }) {
            let stamp = entry.stamp
            let steps = entry.steps.map { "\($0.provider):\($0.keyword):\($0.name)" }.joined(separator: ";")
            text += "\(path)\t\(stamp.size)\t\(stamp.modified)\t\(stamp.changed)\t\(stamp.inode)\t\(entry.keys.joined(separator: ","))\t\(steps)\n"
        }
        _ = try? FileSystem.makeDirectories((file as NSString).deletingLastPathComponent)
        try? FileSystem.replace(file, with: Array(text.utf8))
    }
}
