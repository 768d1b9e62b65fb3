import Foundation
import RLCMFormat

/// Which custom connector keys and steps each recipe of a workspace uses, remembered between
/// commands so that the dependency report of an import does not parse every recipe of the target
/// again. It lives outside the workspace (in the user's cache folder: `$RLCM_CACHE_DIR`,
/// `$XDG_CACHE_HOME/rlcm` or `~/.cache/rlcm`) and an entry is trusted only while the recipe's
/// size, modification and change times and inode are what they were, as git trusts its index.
/// Losing it, or failing to write it, only costs time. An import records the recipes it wrote
/// (their usage is known from the package), so the next command does not parse them.
///
/// The file is plain text: a header line with the workspace root and creation time; then the keys and the steps
/// seen, numbered by their order (`k \t key`, `s \t keyNumber:keyword:name`); then one line per
/// recipe: `r \t path \t size \t modified \t changed \t inode \t keyNumbers \t stepNumbers`
/// (numbers separated by commas). Every recipe repeats the same few keys and steps: numbering
/// them keeps a line near 130 bytes where spelling them out took 320. Recipe lines are kept in
/// memory as that text and decoded only when their recipe is asked for (steps only when it uses
/// a key asked for), and the file is written a chunk at a time, so a workspace of 50,000 recipes
/// costs a few megabytes. Entries whose path, keys or names hold a separator are not written, and
/// a line that does not parse is ignored: either only costs a re-read.
struct RecipeUsageCache {
    struct Entry: Equatable, Sendable {
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
    /// The numbered keys and steps: lines read refer to them, lines recorded add to them.
    private var keys = Numbering<String>()
    private var steps = Numbering<StepUse>()
    /// The recipe lines of the file as read, in its order: slices of the text read, not copies.
    private var lines: [(path: Substring, rest: Substring)] = []
    private var lineNumbers: [Substring: Int] = [:]
    /// Which lines read are written back: those of recipes this scan found unchanged or kept.
    private var kept: [Bool] = []
    /// Lines learned by this scan (nil: the recipe cannot be cached), which replace those read.
    private var recorded: [Substring: Substring?] = [:]
    private var changed = false

    init(workspace: Workspace) {
        // A workspace made again at the same path is another workspace: its creation time is in the header.
        header = "rlcm-usage 2\t\(workspace.root)\t\(workspace.settings.createdAt)"
        let environment = ProcessInfo.processInfo.environment
        let base = environment["RLCM_CACHE_DIR"] ?? environment["XDG_CACHE_HOME"].map { "\($0)/rlcm" } ?? environment["HOME"].map { "\($0)/.cache/rlcm" }
        file = base.map { "\($0)/usage-\(Hashing.sha256(Array(workspace.root.utf8)).prefix(24)).tsv" }
        // Another workspace's cache (one made before at this path) is told by its header, before
        // the rest of it is read.
        let firstLine = Array("\(header)\n".utf8)
        guard let file, (try? FileSystem.readPrefix(file, count: firstLine.count)) == firstLine,
              let bytes = try? FileSystem.read(file), bytes.starts(with: firstLine) else { return }
        // Split on bytes, not Characters: grapheme breaking a whole cache cost more than the rest of loading it.
        let text = String(decoding: bytes, as: UTF8.self)
        var rows = text.utf8.split(separator: 0x0A)[...]
        guard let first = rows.popFirst(), Substring(first) == Substring(header) else { return }
        lines.reserveCapacity(rows.count)
        lineNumbers.reserveCapacity(rows.count)
        for line in rows {
            guard line.count > 2, line[line.index(after: line.startIndex)] == 0x09 else { continue }
            let rest = Substring(line.dropFirst(2))
            switch line.first {
            case UInt8(ascii: "r"):
                guard let tab = rest.utf8.firstIndex(of: 0x09) else { continue }
                lineNumbers[rest[..<tab]] = lines.count
                lines.append((rest[..<tab], rest[rest.index(after: tab)...]))
            case UInt8(ascii: "k"):
                keys.read(String(rest))
            case UInt8(ascii: "s"):
                let parts = rest.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
                let key = parts.count == 3 ? Int(parts[0]) : nil
                // A step that does not parse names no key, so no line can use it.
                steps.read(key.map { keys.values.indices.contains($0) } == true
                           ? StepUse(provider: keys.values[key!], keyword: String(parts[1]), name: String(parts[2])) : StepUse(provider: "", keyword: "", name: ""))
            default:
                continue
            }
        }
        kept = Array(repeating: false, count: lines.count)
    }

    /// How the recipe at `path` (workspace-relative), whose file is at `stamp`, uses the `wanted`
    /// keys, when the cache has its line for that stamp; nil when it must be read. A cached line's
    /// steps are decoded only when it uses a wanted key: most recipes use none of the connectors
    /// an import re-releases.
    mutating func cachedUsage(of path: String, stamp: FileSystem.Stamp, wanted: Set<Substring>) -> Usage? {
        guard let number = lineNumbers[Substring(path)], let uses = uses(in: lines[number].rest, stamp: stamp, wanted: wanted) else { return nil }
        kept[number] = true
        return Usage(stamp: stamp, uses: uses)
    }

    /// How the recipe read as `entry` at `stamp` uses the `wanted` keys, remembered for the next scan.
    mutating func usage(of path: String, stamp: FileSystem.Stamp, wanted: Set<Substring>, read entry: Entry) -> Usage {
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
            let keyList = entry.keys.map { String(keys.number($0)) }.joined(separator: ",")
            let stepList = entry.steps.map { step -> String in
                keys.number(step.provider)
                return String(steps.number(step))
            }.joined(separator: ",")
            recorded[Substring(path)] = Substring("\(stamp.size)\t\(stamp.modified)\t\(stamp.changed)\t\(stamp.inode)\t\(keyList)\t\(stepList)")
        } else {
            recorded[Substring(path)] = .some(nil)
        }
    }

    /// Keeps the line of a recipe this scan did not look at (one an import is about to overwrite),
    /// so that a plan does not make the next command read it; the line is still checked against
    /// the file's stamp before it is trusted.
    mutating func keep(_ path: String) {
        if recorded[Substring(path)] == nil, let number = lineNumbers[Substring(path)] { kept[number] = true }
    }

    /// Keeps exactly the recipes seen, kept or recorded (deleted ones drop out), atomically.
    func save() {
        guard let file, changed || kept.contains(false) else { return }
        var rows = recorded.compactMap { path, rest in rest.map { (path: path, rest: $0) } }
        for (number, line) in lines.enumerated() where kept[number] && recorded[line.path] == nil { rows.append(line) }
        _ = try? FileSystem.makeDirectories((file as NSString).deletingLastPathComponent)
        try? FileSystem.replace(file) { (write) throws(FileSystem.Failure) in
            try write(Array("\(header)\n".utf8))
            for key in keys.values { try write(Array("k\t\(key)\n".utf8)) }
            for step in steps.values { try write(Array("s\t\(keys.numbers[step.provider].map(String.init) ?? ""):\(step.keyword):\(step.name)\n".utf8)) }
            for row in rows.sorted(by: { $0.path < $1.path }) { try write(Array("r\t\(row.path)\t\(row.rest)\n".utf8)) }
        }
    }

    /// Decodes `size \t modified \t changed \t inode \t keyNumbers \t stepNumbers` as far as
    /// needed: nil when the stamp differs or the line does not parse.
    private func uses(in line: Substring, stamp: FileSystem.Stamp, wanted: Set<Substring>) -> [(key: String, steps: [StepUse])]? {
        let fields = line.utf8.split(separator: 0x09, maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, Int(Substring(fields[0])) == stamp.size, Int(Substring(fields[1])) == stamp.modified,
              Int(Substring(fields[2])) == stamp.changed, UInt64(Substring(fields[3])) == stamp.inode,
              !fields[5].contains(0x09) else { return nil }
        var uses: [(key: String, steps: [StepUse])] = []
        var decoded: [StepUse]?
        for field in fields[4].split(separator: UInt8(ascii: ",")) {
            guard let number = Int(Substring(field)), keys.values.indices.contains(number) else { return nil }
            let key = keys.values[number]
            guard wanted.contains(Substring(key)) else { continue }
            if decoded == nil {
                var list: [StepUse] = []
                for field in fields[5].split(separator: UInt8(ascii: ",")) {
                    guard let number = Int(Substring(field)), steps.values.indices.contains(number) else { return nil }
                    list.append(steps.values[number])
                }
                decoded = list
            }
            uses.append((key, decoded!.filter { $0.provider == key }))
        }
        return uses
    }

    private static func isPlain(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x2C || $0 == 0x3A || $0 == 0x3B }
    }
}

/// Values numbered in the order they were first seen.
private struct Numbering<Value: Hashable> {
    private(set) var values: [Value] = []
    private(set) var numbers: [Value: Int] = [:]

    /// The value's number, giving it the next one if it has none.
    @discardableResult
    mutating func number(_ value: Value) -> Int {
        if let number = numbers[value] { return number }
        read(value)
        return values.count - 1
    }

    /// A value read from the file takes the next number even when it repeats one, so that the
    /// lines read keep their meaning.
    mutating func read(_ value: Value) {
        values.append(value)
        if numbers[value] == nil { numbers[value] = values.count - 1 }
    }
}
