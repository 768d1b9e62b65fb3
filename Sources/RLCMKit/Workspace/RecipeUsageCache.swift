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
/// (numbers separated by commas), sorted by path byte by byte. Every recipe repeats the same few
/// keys and steps: numbering them keeps a line near 130 bytes where spelling them out took 320.
/// Recipe lines are kept in memory as the bytes read, found by binary search and decoded only
/// when their recipe is asked for (steps only when it uses a key asked for); the file is written
/// a chunk at a time, the lines kept merged with those learned. A workspace of 50,000 recipes
/// costs its file's size, about 6 MB. Entries whose path, keys or names hold a separator are not
/// written, and a line that does not parse or is out of order is ignored: either only costs a
/// re-read.
struct RecipeUsageCache: Sendable {
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
    /// The file as read, and where each recipe line's path starts in it, in the file's order:
    /// by path, byte by byte, so that a path is found by binary search. Offsets into the bytes
    /// cost 4 bytes a recipe where a table of slices cost 100.
    private var text: [UInt8] = []
    private var lineStarts: [UInt32] = []
    /// Which lines read are written back: those of recipes this scan found unchanged or kept.
    private var kept: [Bool] = []
    /// Lines learned by this scan (nil: the recipe cannot be cached), which replace those read.
    private var recorded: [String: String?] = [:]
    /// The lines read whose recipe was recorded anew.
    private var replaced = Set<Int>()
    private var changed = false

    init(workspace: Workspace) {
        // A workspace made again at the same path is another workspace: its creation time is in the header.
        header = "rlcm-usage 3\t\(workspace.root)\t\(workspace.settings.createdAt)"
        let environment = ProcessInfo.processInfo.environment
        let base = environment["RLCM_CACHE_DIR"] ?? environment["XDG_CACHE_HOME"].map { "\($0)/rlcm" } ?? environment["HOME"].map { "\($0)/.cache/rlcm" }
        file = base.map { "\($0)/usage-\(Hashing.sha256(Array(workspace.root.utf8)).prefix(24)).tsv" }
        // Another workspace's cache (one made before at this path) is told by its header, before
        // the rest of it is read.
        let firstLine = Array("\(header)\n".utf8)
        guard let file, (try? FileSystem.readPrefix(file, count: firstLine.count)) == firstLine,
              let bytes = try? FileSystem.read(file), bytes.starts(with: firstLine), bytes.count <= UInt32.max else { return }
        text = bytes
        var start = firstLine.count
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            if end - start > 2, bytes[start + 1] == 0x09 { readLine(kind: bytes[start], from: start + 2, to: end) }
            start = end + 1
        }
        kept = Array(repeating: false, count: lineStarts.count)
    }

    /// Takes in one line of the file (`from..<to`, after its kind and tab). A recipe line out of
    /// path order is ignored, as any line that does not parse: it only costs a re-read.
    private mutating func readLine(kind: UInt8, from: Int, to: Int) {
        switch kind {
        case UInt8(ascii: "r"):
            guard let tab = text[from..<to].firstIndex(of: 0x09) else { return }
            if let last = lineStarts.last, !path(at: Int(last)).lexicographicallyPrecedes(text[from..<tab]) { return }
            lineStarts.append(UInt32(from))
        case UInt8(ascii: "k"):
            keys.read(String(decoding: text[from..<to], as: UTF8.self))
        case UInt8(ascii: "s"):
            let parts = text[from..<to].split(separator: UInt8(ascii: ":"), maxSplits: 2, omittingEmptySubsequences: false)
            let key = parts.count == 3 ? Self.decimal(parts[0]) : nil
            // A step that does not parse names no key, so no line can use it.
            steps.read(key.map { keys.values.indices.contains($0) } == true
                       ? StepUse(provider: keys.values[key!], keyword: String(decoding: parts[1], as: UTF8.self), name: String(decoding: parts[2], as: UTF8.self))
                       : StepUse(provider: "", keyword: "", name: ""))
        default:
            return
        }
    }

    /// The path of the recipe line whose path starts at `start`.
    private func path(at start: Int) -> ArraySlice<UInt8> {
        text[start..<(text[start...].firstIndex(of: 0x09) ?? start)]
    }

    /// What follows the path of the recipe line whose path starts at `start`.
    private func rest(at start: Int) -> ArraySlice<UInt8> {
        let tab = text[start...].firstIndex(of: 0x09)! + 1
        return text[tab..<(text[tab...].firstIndex(of: 0x0A) ?? text.count)]
    }

    /// The number of the line read for `path`, by binary search.
    private func lineNumber(of path: String) -> Int? {
        var path = path
        return path.withUTF8 { wanted in
            var (low, high) = (0, lineStarts.count)
            while low < high {
                let middle = (low + high) / 2
                let candidate = self.path(at: Int(lineStarts[middle]))
                if candidate.elementsEqual(wanted) { return middle }
                if candidate.lexicographicallyPrecedes(wanted) { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// How the recipe at `path` (workspace-relative), whose file is at `stamp`, uses the `wanted`
    /// keys, when the cache has its line for that stamp; nil when it must be read. A cached line's
    /// steps are decoded only when it uses a wanted key: most recipes use none of the connectors
    /// an import re-releases.
    mutating func cachedUsage(of path: String, stamp: FileSystem.Stamp, wanted: Set<Substring>) -> Usage? {
        guard let number = lineNumber(of: path), let uses = uses(in: rest(at: Int(lineStarts[number])), stamp: stamp, wanted: wanted) else { return nil }
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
            recorded[path] = "\(stamp.size)\t\(stamp.modified)\t\(stamp.changed)\t\(stamp.inode)\t\(keyList)\t\(stepList)"
        } else {
            recorded[path] = .some(nil)
        }
        if let number = lineNumber(of: path) { replaced.insert(number) }
    }

    /// Keeps the line of a recipe this scan did not look at (one an import is about to overwrite),
    /// so that a plan does not make the next command read it; the line is still checked against
    /// the file's stamp before it is trusted.
    mutating func keep(_ path: String) {
        if recorded[path] == nil, let number = lineNumber(of: path) { kept[number] = true }
    }

    /// Keeps exactly the recipes seen, kept or recorded (deleted ones drop out), atomically: the
    /// lines kept, in the file's order, merged with those recorded, sorted the same way.
    func save() {
        guard let file, changed || kept.contains(false) else { return }
        let rows = recorded.compactMap { path, rest in rest.map { (path: Array(path.utf8), rest: $0) } }
            .sorted { $0.path.lexicographicallyPrecedes($1.path) }
        _ = try? FileSystem.makeDirectories((file as NSString).deletingLastPathComponent)
        try? FileSystem.replace(file) { (write) throws(FileSystem.Failure) in
            try write(Array("\(header)\n".utf8))
            for key in keys.values { try write(Array("k\t\(key)\n".utf8)) }
            for step in steps.values { try write(Array("s\t\(keys.numbers[step.provider].map(String.init) ?? ""):\(step.keyword):\(step.name)\n".utf8)) }
            var next = rows.startIndex
            for (number, start) in lineStarts.enumerated() where kept[number] && !replaced.contains(number) {
                let path = self.path(at: Int(start))
                while next < rows.endIndex, rows[next].path.lexicographicallyPrecedes(path) {
                    try write(Array("r\t".utf8) + rows[next].path + Array("\t\(rows[next].rest)\n".utf8))
                    next += 1
                }
                try write(Array("r\t".utf8) + path + [0x09] + rest(at: Int(start)) + [0x0A])
            }
            for row in rows[next...] { try write(Array("r\t".utf8) + row.path + Array("\t\(row.rest)\n".utf8)) }
        }
    }

    /// Decodes `size \t modified \t changed \t inode \t keyNumbers \t stepNumbers` as far as
    /// needed: nil when the stamp differs or the line does not parse.
    private func uses(in line: ArraySlice<UInt8>, stamp: FileSystem.Stamp, wanted: Set<Substring>) -> [(key: String, steps: [StepUse])]? {
        let fields = line.split(separator: 0x09, maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, Self.decimal(fields[0]) == stamp.size, Self.decimal(fields[1]) == stamp.modified,
              Self.decimal(fields[2]) == stamp.changed, Self.decimal(fields[3]).flatMap({ UInt64(exactly: $0) }) == stamp.inode,
              !fields[5].contains(0x09) else { return nil }
        var uses: [(key: String, steps: [StepUse])] = []
        var decoded: [StepUse]?
        for field in fields[4].split(separator: UInt8(ascii: ",")) {
            guard let number = Self.decimal(field), keys.values.indices.contains(number) else { return nil }
            let key = keys.values[number]
            guard wanted.contains(Substring(key)) else { continue }
            if decoded == nil {
                var list: [StepUse] = []
                for field in fields[5].split(separator: UInt8(ascii: ",")) {
                    guard let number = Self.decimal(field), steps.values.indices.contains(number) else { return nil }
                    list.append(steps.values[number])
                }
                decoded = list
            }
            uses.append((key, decoded!.filter { $0.provider == key }))
        }
        return uses
    }

    /// A decimal number (a size, a time in nanoseconds, an inode, an index), read from bytes
    /// without making a string of them; nil when it is not one or does not fit.
    private static func decimal(_ digits: ArraySlice<UInt8>) -> Int? {
        let negative = digits.first == UInt8(ascii: "-")
        let magnitude = negative ? digits.dropFirst() : digits
        guard !magnitude.isEmpty else { return nil }
        var value = 0
        for digit in magnitude {
            guard digit >= 0x30, digit <= 0x39 else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = shifted.addingReportingOverflow(Int(digit - 0x30))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return negative ? -value : value
    }

    private static func isPlain(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x2C || $0 == 0x3A || $0 == 0x3B }
    }
}

/// Values numbered in the order they were first seen.
private struct Numbering<Value: Hashable & Sendable>: Sendable {
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
