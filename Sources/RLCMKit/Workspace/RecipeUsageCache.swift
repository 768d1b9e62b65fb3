import Foundation

/// Which custom connector keys and steps each recipe of a workspace uses, remembered between
/// commands so that the dependency report of an import does not parse every recipe of the target
/// again. It lives outside the workspace (in the user's cache folder: `$RLCM_CACHE_DIR`,
/// `$XDG_CACHE_HOME/rlcm` or `~/.cache/rlcm`) and an entry is trusted only while the recipe's
/// size, modification and change times and inode are what they were, as git trusts its index.
/// Losing it, or failing to write it, only costs time. An import records the recipes it wrote
/// (their usage is known from the package), so the next command does not parse them.
///
/// The file is plain text, a header line with the workspace root, then one line per recipe:
/// `path \t size \t modified \t changed \t inode \t key,key \t provider:keyword:name;...`. It is
/// kept in memory as that text, and a line is decoded only when its recipe is asked for (its
/// steps only when it uses a key asked for), so a workspace of 50,000 recipes costs a few
/// megabytes. Entries whose path, keys or names hold a separator are not written, and a line that
/// does not parse is ignored: either only costs a re-read.
struct RecipeUsageCache {
    struct Entry: Equatable {
        var keys: [String]
        var steps: [StepUse]
    }

    /// What a scan learns of one recipe: the stamp it was trusted or read at (the plan fingerprints
    /// dependents by it), and, for each wanted key the recipe uses, the steps through which it does.
    struct Usage {
        var stamp: FileSystem.Stamp
        var uses: [(key: String, steps: [StepUse])]
    }

    /// Every custom connector key holds it: a recipe without it uses none and is not parsed.
    static let connectorMarker = Array("_connector_".utf8)

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
            // Split on bytes, not Characters: grapheme breaking a whole cache cost more than the rest of loading it.
            let text = String(decoding: bytes, as: UTF8.self)
            var lines = text.utf8.split(separator: 0x0A)[...]
            if let first = lines.popFirst(), Substring(first) == Substring(header) {
                loaded.reserveCapacity(lines.count)
                for line in lines {
                    guard let tab = line.firstIndex(of: 0x09) else { continue }
                    loaded[Substring(line[..<tab])] = Substring(line[line.index(after: tab)...])
                }
            }
        }
        self.loaded = loaded
    }

    /// The stamp of the recipe at `path` (workspace-relative) and how it uses the `wanted` keys,
    /// from the cache when its file has not changed, else from `read`. A cached line's steps are
    /// decoded only when it uses a wanted key: most recipes use none of the connectors an import
    /// re-releases. Nil when `full` is not a regular file.
    mutating func usage(of path: String, full: String, wanted: Set<Substring>, read: () throws -> Entry) throws -> Usage? {
        guard let stamp = FileSystem.stamp(full) else { return nil }
        if let line = loaded[Substring(path)], let uses = Self.uses(in: line, stamp: stamp, wanted: wanted) {
            seen[path] = line
            return Usage(stamp: stamp, uses: uses)
        }
        let entry = try read()
        record(path, stamp: stamp, entry: entry)
        return Usage(stamp: stamp, uses: entry.keys.filter { wanted.contains(Substring($0)) }.map { key in
            (key, entry.steps.filter { $0.provider == key })
        })
    }

    /// Remembers what a recipe at `stamp` uses without reading it: an import knows what it just
    /// wrote, so the next command does not parse it again.
    mutating func record(_ path: String, stamp: FileSystem.Stamp, entry: Entry) {
        changed = true
        if Self.isPlain(path) && entry.keys.allSatisfy(Self.isPlain)
            && entry.steps.allSatisfy({ Self.isPlain($0.provider) && Self.isPlain($0.keyword) && Self.isPlain($0.name) }) {
            seen[path] = Substring("\(stamp.size)\t\(stamp.modified)\t\(stamp.changed)\t\(stamp.inode)\t" + entry.keys.joined(separator: ",") + "\t"
                + entry.steps.map { "\($0.provider):\($0.keyword):\($0.name)" }.joined(separator: ";"))
        } else {
            seen[path] = nil
        }
    }

    /// Keeps the line of a recipe this scan did not look at (one an import is about to overwrite),
    /// so that a plan does not make the next command read it; the line is still checked against
    /// the file's stamp before it is trusted.
    mutating func keep(_ path: String) {
        if seen[path] == nil, let line = loaded[Substring(path)] { seen[path] = line }
    }

    /// Keeps exactly the recipes seen, kept or recorded (deleted ones drop out), atomically.
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

    /// Decodes `size \t modified \t changed \t inode \t key,key \t provider:keyword:name;...` as far
    /// as needed: nil when the stamp differs or the line does not parse.
    private static func uses(in line: Substring, stamp: FileSystem.Stamp, wanted: Set<Substring>) -> [(key: String, steps: [StepUse])]? {
        let fields = line.utf8.split(separator: 0x09, maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, Int(Substring(fields[0])) == stamp.size, Int(Substring(fields[1])) == stamp.modified,
              Int(Substring(fields[2])) == stamp.changed, UInt64(Substring(fields[3])) == stamp.inode,
              !fields[5].contains(0x09) else { return nil }
        var uses: [(key: String, steps: [StepUse])] = []
        var steps: [StepUse]?
        for key in fields[4].split(separator: UInt8(ascii: ",")) where wanted.contains(Substring(key)) {
            if steps == nil {
                var decoded: [StepUse] = []
                for step in fields[5].split(separator: UInt8(ascii: ";")) {
                    let parts = step.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
                    guard parts.count == 3 else { return nil }
                    decoded.append(StepUse(provider: String(Substring(parts[0])), keyword: String(Substring(parts[1])), name: String(Substring(parts[2]))))
                }
                steps = decoded
            }
            let name = String(Substring(key))
            uses.append((name, steps!.filter { $0.provider == name }))
        }
        return uses
    }

    private static func isPlain(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x2C || $0 == 0x3A || $0 == 0x3B }
    }
}
