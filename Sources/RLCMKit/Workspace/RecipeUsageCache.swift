import Foundation

/// Which custom connector keys and steps each recipe of a workspace uses, remembered between
/// commands so that the dependency report of an import does not parse every recipe of the target
/// again. It lives outside the workspace (in the user's cache folder: `$RLCM_CACHE_DIR`,
/// `$XDG_CACHE_HOME/rlcm` or `~/.cache/rlcm`) and an entry is trusted only while the recipe's
/// size, modification and change times and inode are what they were, as git trusts its index.
/// Losing it, or failing to write it, only costs time.
///
/// The file is plain text, a header line with the workspace root, then one line per recipe:
/// `path \t size \t modified \t changed \t inode \t key,key \t provider:keyword:name;...`. It is
/// kept in memory as that text, and a line is decoded only when its recipe is asked for, so a
/// workspace of 50,000 recipes costs a few megabytes. Entries whose path, keys or names hold a
/// separator are not written, and a line that does not parse is ignored: either only costs a re-read.
struct RecipeUsageCache {
    struct Entry: Equatable {
        var keys: [String]
        var steps: [StepUse]
    }

    private let file: String?
    private let header: String
    /// The lines of the file as read: path → the rest of its line.
    private let loaded: [Substring: Substring]
    /// The lines to write back: path → the rest of its line (for unchanged recipes, a slice of
    /// the text read, not a copy).
    private var seen: [String: Substring] = [:]
    private var changed = false

    init(workspace: Workspace) {
        header = "rlcm-usage 1\t\(workspace.root)"
        let environment = ProcessInfo.processInfo.environment
        let base = environment["RLCM_CACHE_DIR"] ?? environment["XDG_CACHE_HOME"].map { "\($0)/rlcm" } ?? environment["HOME"].map { "\($0)/.cache/rlcm" }
        file = base.map { "\($0)/usage-\(Hashing.sha256(Array(workspace.root.utf8)).prefix(24)).tsv" }
        var loaded: [Substring: Substring] = [:]
        if let file, let bytes = try? FileSystem.read(file) {
            var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")[...]
            if lines.popFirst() == Substring(header) {
                for line in lines {
                    guard let tab = line.firstIndex(of: "\t") else { continue }
                    loaded[line[..<tab]] = line[line.index(after: tab)...]
                }
            }
        }
        self.loaded = loaded
    }

    /// The keys and steps of the recipe at `path` (workspace-relative), from the cache when its
    /// file has not changed, else from `read`.
    mutating func usage(of path: String, full: String, read: () throws -> Entry) throws -> Entry? {
        guard let stamp = FileSystem.stamp(full) else { return nil }
        let prefix = "\(stamp.size)\t\(stamp.modified)\t\(stamp.changed)\t\(stamp.inode)\t"
        if let line = loaded[Substring(path)], line.hasPrefix(prefix), let entry = Self.decode(line.dropFirst(prefix.count)) {
            seen[path] = line
            return entry
        }
        let entry = try read()
        changed = true
        if Self.isPlain(path) && entry.keys.allSatisfy(Self.isPlain)
            && entry.steps.allSatisfy({ Self.isPlain($0.provider) && Self.isPlain($0.keyword) && Self.isPlain($0.name) }) {
            seen[path] = Substring(prefix + entry.keys.joined(separator: ",") + "\t"
                + entry.steps.map { "\($0.provider):\($0.keyword):\($0.name)" }.joined(separator: ";"))
        }
        return entry
    }

    /// Keeps exactly the recipes seen by this scan (deleted ones drop out), atomically.
    func save() {
        guard let file, changed || seen.count != loaded.count else { return }
        var bytes = Array(header.utf8) + [0x0A]
        for (path, rest) in seen.sorted(by: { $0.key < $1.key }) {
            bytes += path.utf8
            bytes.append(0x09)
            bytes += rest.utf8
            bytes.append(0x0A)
        }
        _ = try? FileSystem.makeDirectories((file as NSString).deletingLastPathComponent)
        try? FileSystem.replace(file, with: bytes)
    }

    /// `key,key \t provider:keyword:name;...`
    private static func decode(_ text: Substring) -> Entry? {
        let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 2 else { return nil }
        var steps: [StepUse] = []
        for step in fields[1].split(separator: ";") {
            let parts = step.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            steps.append(StepUse(provider: String(parts[0]), keyword: String(parts[1]), name: String(parts[2])))
        }
        return Entry(keys: fields[0].split(separator: ",").map(String.init), steps: steps)
    }

    private static func isPlain(_ text: String) -> Bool {
        !text.contains { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "," || $0 == ":" || $0 == ";" }
    }
}
