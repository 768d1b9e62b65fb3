import Foundation
import RLCMFormat

/// Which custom connector keys and steps each recipe of a workspace uses, remembered between
/// commands so that the dependency report of an import does not parse every recipe of the target
/// again. It lives outside the workspace, in the run's `cacheFolder` (for the executable the
/// user's cache folder: `$RLCM_CACHE_DIR`, `$XDG_CACHE_HOME/rlcm` or `~/.cache/rlcm`; with none,
/// nothing is cached), and an entry is trusted only while the recipe's
/// size, modification and change times and inode are what they were, as git trusts its index.
/// Losing it, or failing to write it, only costs time. An import records the recipes it wrote
/// (their usage is known from the package), so the next command does not parse them.
///
/// The file is plain text: a header line with the workspace root and creation time; then the
/// keys and the steps seen, numbered by their order (`k \t key`, `s \t keyNumber:keyword:name`);
/// then one line per recipe: `r \t path \t size \t modified \t changed \t inode \t keyNumbers
/// \t stepNumbers` (numbers separated by commas), then `\t sha256` for a recipe an import wrote
/// (its `Content`, by which the next import compares it without reading it), in the
/// order a walk of the workspace visits them (folder by folder, names byte by byte). Every recipe
/// repeats the same few keys and steps: numbering them keeps a line near 130 bytes where spelling
/// them out took 320. A scan asks for
/// recipes in that same order, so the file is read forward, a block at a time, next to the walk,
/// marking the lines it keeps (a bit a recipe); a save reads it again to copy them, merged with
/// the lines learned, which are sorted through a temporary file: memory does not grow with the
/// workspace. Entries whose path, keys or names hold a separator are not written, and a line that
/// does not parse or is out of order only costs a re-read.
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

    /// What a recipe file an import wrote holds, as far as comparing it with a package's version
    /// needs: its SHA-256. A file that differs is read anyway, for what changes in it, and that
    /// read also tells a changed document from a reformatted one.
    struct Content: Equatable, Sendable {
        var sha256: String
    }

    /// A recipe's content, vouched for by its stamp as its usage is.
    struct Known: Sendable {
        var stamp: FileSystem.Stamp
        var content: Content

        /// Trusted only while the file at `path` is at the stamp it was recorded at.
        func vouched(forFileAt path: String) -> Known? { stamp == FileSystem.stamp(path) ? self : nil }
    }

    /// What a recipe an import wrote (or found unchanged) uses and holds once in place, known
    /// from the package and the key map without reading the file again.
    struct Written: Sendable {
        var entry: Entry
        var size: Int
        var content: Content?
        /// For a recipe the import left unchanged: the stamp that vouched for its content.
        var vouchedStamp: FileSystem.Stamp?

        /// The content the recipe, found at `stamp` after the commit, can be vouched to hold, by
        /// the rule git applies to files as new as its index: a file the import wrote holds it
        /// when its modification time precedes `placing`, the time the staged files began to be
        /// put in place (a change after that would have given it a later time, even one keeping
        /// its size); a file left unchanged, when its stamp is still the one that vouched for it.
        func content(at stamp: FileSystem.Stamp, placing: Int) -> Content? {
            (vouchedStamp.map { $0 == stamp } ?? (stamp.modified < placing)) ? content : nil
        }
    }

    /// Learns what an import wrote, once its transaction placed the files at `placing`
    /// (`Transaction.commit`'s time). A file whose size is not what was written was changed since,
    /// and is left for the next scan to read.
    mutating func record(written: [String: Written], in workspace: Workspace, placing: Int) {
        for (path, recipe) in written {
            guard let stamp = FileSystem.stamp(workspace.path(path)), stamp.size == recipe.size else { continue }
            record(path, stamp: stamp, entry: recipe.entry, content: recipe.content(at: stamp, placing: placing))
        }
    }

    /// Every custom connector key holds it: a recipe without it uses none and is not parsed.
    static let connectorMarker = Array("_connector_".utf8)

    private let file: String?
    private let header: String
    /// The numbered keys and steps: lines read refer to them, lines recorded add to them.
    private var keys = Numbering<String>()
    private var steps = Numbering<StepUse>()
    /// The recipe lines of the file, read as the scan asks for them.
    private var lines: CacheLines?
    /// The lines learned (`rest` nil: the recipe cannot be cached), which replace those read.
    private var recorded: SpillingSorter<Row>
    private var changed = false
    /// False once a line could not be set aside: the file is then left as it is.
    private var writable = true

    /// The cache of `workspace` in the environment's `cacheFolder`; what it learns is sorted in
    /// its `temporaryFolder`.
    init(workspace: Workspace, environment: RunEnvironment) {
        (file, header) = Self.location(of: workspace, in: environment.cacheFolder)
        recorded = SpillingSorter(spillingIn: environment.temporaryFolder)
        guard var lines = Self.lines(file, header: header) else { return }
        while let kind = lines.nextTable() {
            switch kind {
            case .key(let key): keys.read(key)
            case .step(let parts): steps.read(step(parts))
            }
        }
        self.lines = lines
    }

    /// Where the workspace's cache is in `base`, and the header that tells it from another's.
    private static func location(of workspace: Workspace, in base: String?) -> (file: String?, header: String) {
        // A workspace made again at the same path is another workspace: its creation time is in the header.
        (base.map { "\($0)/usage-\(Hashing.sha256(Array(workspace.root.utf8)).prefix(24)).tsv" },
         "rlcm-usage 5\t\(workspace.root)\t\(workspace.settings.createdAt)")
    }

    /// The lines of the cache after its header; nil when there is none. Another workspace's
    /// cache (one made before at this path) is told by its header, before the rest of it is read.
    private static func lines(_ file: String?, header: String) -> CacheLines? {
        let firstLine = Array("\(header)\n".utf8)
        guard let file, (try? FileSystem.readPrefix(file, count: firstLine.count)) == firstLine else { return nil }
        return CacheLines(file, from: firstLine.count)
    }

    /// The contents the cache knows of the recipes under `folder` (workspace-relative), by path:
    /// those an import wrote and nobody changed since, as far as their stamps tell. The folder's
    /// lines are one run of the file, so memory grows with the folder, not the workspace.
    func knownContents(under folder: String) -> [String: Known] {
        guard var lines = Self.lines(file, header: header) else { return [:] }
        while lines.nextTable() != nil {}
        var known: [String: Known] = [:]
        lines.forEachRecipe(under: folder) { line in
            let fields = line.rest.split(separator: 0x09, omittingEmptySubsequences: false)
            guard fields.count == 7, Self.isSHA256(fields[6]), let stamp = Self.stamp(in: fields) else { return }
            known[String(decoding: line.path, as: UTF8.self)] = Known(stamp: stamp, content: Content(sha256: String(decoding: fields[6], as: UTF8.self)))
        }
        return known
    }

    /// The step a `keyNumber:keyword:name` line names. A step that does not parse names no key,
    /// so no line can use it.
    private func step(_ text: ArraySlice<UInt8>) -> StepUse {
        let parts = text.split(separator: UInt8(ascii: ":"), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let key = Self.decimal(parts[0]), keys.values.indices.contains(key) else { return StepUse(provider: "", keyword: "", name: "") }
        return StepUse(provider: keys.values[key], keyword: String(decoding: parts[1], as: UTF8.self), name: String(decoding: parts[2], as: UTF8.self))
    }

    /// How the recipe at `path` (workspace-relative), whose file is at `stamp`, uses the `wanted`
    /// keys, when the cache has its line for that stamp; nil when it must be read. A cached line's
    /// steps are decoded only when it uses a wanted key: most recipes use none of the connectors
    /// an import re-releases.
    mutating func cachedUsage(of path: String, stamp: FileSystem.Stamp, wanted: Set<Substring>) -> Usage? {
        guard let line = lines?.seek(path), let uses = uses(in: line.rest, stamp: stamp, wanted: wanted) else { return nil }
        lines?.keep(line.number)
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
    /// wrote, so the next command does not parse it again (nor, given its `content`, read it to
    /// compare it with a package).
    mutating func record(_ path: String, stamp: FileSystem.Stamp, entry: Entry, content: Content? = nil) {
        changed = true
        var line: String?
        if Self.isPlain(path) && entry.keys.allSatisfy(Self.isPlain)
            && entry.steps.allSatisfy({ Self.isPlain($0.provider) && Self.isPlain($0.keyword) && Self.isPlain($0.name) }) {
            let keyList = entry.keys.map { String(keys.number($0)) }.joined(separator: ",")
            let stepList = entry.steps.map { step -> String in
                keys.number(step.provider)
                return String(steps.number(step))
            }.joined(separator: ",")
            line = "\(stamp.size)\t\(stamp.modified)\t\(stamp.changed)\t\(stamp.inode)\t\(keyList)\t\(stepList)"
                + (content.map { "\t\($0.sha256)" } ?? "")
        }
        // Failing to set a line aside only costs the next command a re-read.
        do { try recorded.append(Row(path: Array(path.utf8), sequence: recorded.count, rest: line.map { Array($0.utf8) })) } catch { writable = false }
    }

    /// Keeps the line of a recipe this scan did not look at (one an import is about to overwrite),
    /// so that a plan does not make the next command read it; the line is still checked against
    /// the file's stamp before it is trusted. Asked in the scan's order, as `cachedUsage`.
    mutating func keep(_ path: String) {
        if let line = lines?.seek(path) { lines?.keep(line.number) }
    }

    /// Keeps exactly the recipes seen, kept or recorded (deleted ones drop out), atomically: the
    /// lines kept, copied from the file in its order, merged with those recorded.
    func save() {
        var (recorded, lines) = (self.recorded, self.lines)
        guard let file, writable, changed || lines?.passedOverAny() != false, let learned = try? recorded.list() else { return }
        var kept = lines?.rereadKept()
        _ = try? FileSystem.makeDirectories(FileSystem.folder(of: file))
        try? FileSystem.replace(file) { (write) throws(FileSystem.Failure) in
            try write(Array("\(header)\n".utf8))
            for key in keys.values { try write(Array("k\t\(key)\n".utf8)) }
            for step in steps.values { try write(Array("s\t\(keys.numbers[step.provider].map(String.init) ?? ""):\(step.keyword):\(step.name)\n".utf8)) }
            var rows = Row.latest(learned)
            var row = rows.next()
            while let old = kept?.next() {
                while let learned = row, CacheLines.inWalkOrder(learned.path, old.path) {
                    try write(learned.line)
                    row = rows.next()
                }
                if let learned = row, learned.path.elementsEqual(old.path) {
                    try write(learned.line)
                    row = rows.next()
                } else {
                    try write(Row.line(path: old.path, rest: old.rest))
                }
            }
            while let learned = row {
                try write(learned.line)
                row = rows.next()
            }
        }
    }

    /// Decodes `size \t modified \t changed \t inode \t keyNumbers \t stepNumbers` (and the
    /// content, which the usage does not need) as far as needed: nil when the stamp differs or the
    /// line does not parse.
    private func uses(in line: ArraySlice<UInt8>, stamp: FileSystem.Stamp, wanted: Set<Substring>) -> [(key: String, steps: [StepUse])]? {
        let fields = line.split(separator: 0x09, maxSplits: 6, omittingEmptySubsequences: false)
        guard fields.count == 6 || fields.count == 7, !fields[fields.count - 1].contains(0x09), Self.stamp(in: fields) == stamp else { return nil }
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

    /// The stamp a recipe line's first four fields (`size \t modified \t changed \t inode`) spell.
    private static func stamp(in fields: [ArraySlice<UInt8>]) -> FileSystem.Stamp? {
        guard fields.count >= 4, let size = decimal(fields[0]), let modified = decimal(fields[1]), let changed = decimal(fields[2]),
              let inode = decimal(fields[3]).flatMap({ UInt64(exactly: $0) }) else { return nil }
        return FileSystem.Stamp(size: size, modified: modified, changed: changed, inode: inode)
    }

    /// Whether a field is a SHA-256 as rlcm writes it: 64 lowercase hex digits.
    private static func isSHA256(_ field: ArraySlice<UInt8>) -> Bool {
        field.count == 64 && field.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
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

/// A line of the cache to write: the latest for a path wins (`sequence` is the order lines were
/// set aside in); `rest` nil drops the path.
private struct Row {
    var path: [UInt8]
    var sequence: Int
    var rest: [UInt8]?

    /// The file's line for the row; none when the recipe cannot be cached.
    var line: [UInt8] { rest.map { Self.line(path: path, rest: $0) } ?? [] }

    static func line(path: some Collection<UInt8>, rest: some Collection<UInt8>) -> [UInt8] {
        var line: [UInt8] = [UInt8(ascii: "r"), 0x09]
        line.reserveCapacity(path.count + rest.count + 4)
        line += path
        line.append(0x09)
        line += rest
        line.append(0x0A)
        return line
    }

    /// The rows in order, the latest of each path only.
    static func latest(_ rows: SpilledList<Row>) -> some IteratorProtocol<Row> {
        var iterator = rows.makeIterator()
        var ahead = iterator.next()
        return AnyIterator {
            guard var row = ahead else { return nil }
            ahead = iterator.next()
            while let next = ahead, next.path == row.path {
                row = next
                ahead = iterator.next()
            }
            return row
        }
    }
}

extension Row: Spillable {
    static func inOrder(_ first: Row, _ second: Row) -> Bool {
        first.path == second.path ? first.sequence < second.sequence : CacheLines.inWalkOrder(first.path, second.path)
    }

    func spill(into record: inout SpillWriter) {
        record.write(bytes: path)
        record.write(sequence)
        record.write(rest != nil)
        if let rest { record.write(bytes: rest) }
    }

    init(unspilling record: inout SpillReader) {
        self.init(path: record.bytes(), sequence: record.integer(), rest: record.flag() ? record.bytes() : nil)
    }
}

/// The lines of a cache file after its header, read forward a block at a time: a scan asks for
/// recipes in the order of a walk, the file's order.
private struct CacheLines: Sendable {
    enum Table { case key(String), step(ArraySlice<UInt8>) }

    typealias Line = (path: ArraySlice<UInt8>, rest: ArraySlice<UInt8>, number: Int)

    private let file: OpenFile
    private let path: String
    private let start: Int
    private var bytes: BlockReader
    /// The next recipe line, read but not yet passed.
    private var pending: Line?
    /// How many recipe lines were read.
    private var count = 0
    private var skipped = false
    /// The recipe lines kept, by number: a bit each.
    private var kept: [UInt64] = []

    init?(_ path: String, from offset: Int) {
        guard let file = try? OpenFile(reading: path) else { return nil }
        self.init(file, path: path, from: offset)
    }

    private init(_ file: OpenFile, path: String, from offset: Int) {
        self.file = file
        self.path = path
        start = offset
        bytes = BlockReader(file, path: path, from: offset, blockSize: 64 * 1024)
    }

    /// Folder by folder, names byte by byte: `a/x` before `a b/x`, as a walk of sorted listings.
    static func inWalkOrder(_ first: some Sequence<UInt8>, _ second: some Sequence<UInt8>) -> Bool {
        first.lexicographicallyPrecedes(second) { ($0 == 0x2F ? 0 : Int($0) + 1) < ($1 == 0x2F ? 0 : Int($1) + 1) }
    }

    /// The next key or step line of the tables before the recipe lines; nil at the first recipe line.
    mutating func nextTable() -> Table? {
        while let line = nextLine() {
            guard line.count > 2, line[line.startIndex + 1] == 0x09 else { continue }
            switch line.first {
            case UInt8(ascii: "k"): return .key(String(decoding: line.dropFirst(2), as: UTF8.self))
            case UInt8(ascii: "s"): return .step(line.dropFirst(2))
            case UInt8(ascii: "r"):
                pending = recipe(line)
                return nil
            default: continue
            }
        }
        return nil
    }

    /// What follows the path on the line for `path`, passing the lines before it (recipes no
    /// longer there); nil when the file has none.
    mutating func seek(_ path: String) -> Line? {
        while let line = pending ?? nextRecipe() {
            pending = line
            if line.path.elementsEqual(path.utf8) {
                pending = nil
                return line
            }
            guard Self.inWalkOrder(line.path, path.utf8) else { return nil }
            pending = nil
            skipped = true
        }
        return nil
    }

    /// Calls `body` with each recipe line under `folder`, in one run in the walk's order.
    mutating func forEachRecipe(under folder: String, _ body: (Line) -> Void) {
        let prefix = Array("\(folder)/".utf8)
        var inside = false
        while let line = pending ?? nextRecipe() {
            pending = nil
            if line.path.starts(with: prefix) {
                inside = true
                body(line)
            } else if inside || Self.inWalkOrder(prefix, line.path) {
                return
            }
        }
    }

    mutating func keep(_ number: Int) {
        while kept.count <= number / 64 { kept.append(0) }
        kept[number / 64] |= 1 << UInt64(number % 64)
    }

    /// Whether a recipe line was passed over or is left unread: its recipe was not seen.
    mutating func passedOverAny() -> Bool { skipped || pending != nil || nextRecipe() != nil }

    /// The recipe lines kept, read again from the file, in its order.
    func rereadKept() -> some IteratorProtocol<Line> {
        var lines = CacheLines(file, path: path, from: start)
        while lines.nextTable() != nil {}
        let kept = self.kept
        return AnyIterator {
            while let line = lines.pending ?? lines.nextRecipe() {
                lines.pending = nil
                if line.number / 64 < kept.count, kept[line.number / 64] & (1 << UInt64(line.number % 64)) != 0 { return line }
            }
            return nil
        }
    }

    /// A recipe line's path and the rest, numbered in the file's order.
    private mutating func recipe(_ line: ArraySlice<UInt8>) -> Line? {
        let body = line.dropFirst(2)
        guard let tab = body.firstIndex(of: 0x09) else { return nil }
        count += 1
        return (body[..<tab], body[(tab + 1)...], count - 1)
    }

    private mutating func nextRecipe() -> Line? {
        while let line = nextLine() {
            if line.count > 2, line.first == UInt8(ascii: "r"), line[line.startIndex + 1] == 0x09, let recipe = recipe(line) { return recipe }
        }
        return nil
    }

    /// The next line without its newline; nil at the end of the file, or where it cannot be read
    /// (what follows then only costs re-reads).
    private mutating func nextLine() -> ArraySlice<UInt8>? {
        (try? bytes.line()) ?? nil
    }
}
