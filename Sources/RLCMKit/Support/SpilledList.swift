import RLCMFormat

/// A sorted list that lives in a temporary file once it outgrows a few thousand elements: a
/// plan's dependency report names every recipe of the target that runs a re-released connector,
/// tens of thousands in a large workspace, and memory must not grow with the workspace. Read it
/// as a sequence, as often as needed; its JSON form is an array.
public struct SpilledList<Element: Sendable>: Sequence, Sendable {
    fileprivate enum Storage: Sendable {
        case memory([Element])
        case spilled(Spool, Range<Int>, decode: @Sendable (inout SpillReader) -> Element)
    }

    private let storage: Storage
    public let count: Int

    init(_ elements: [Element]) {
        storage = .memory(elements)
        count = elements.count
    }

    fileprivate init(spool: Spool, range: Range<Int>, count: Int, decode: @escaping @Sendable (inout SpillReader) -> Element) {
        storage = .spilled(spool, range, decode: decode)
        self.count = count
    }

    public var isEmpty: Bool { count == 0 }

    public struct Iterator: IteratorProtocol {
        private var memory: IndexingIterator<[Element]>?
        private var run: RunReader?
        private let decode: (@Sendable (inout SpillReader) -> Element)?

        fileprivate init(_ storage: Storage) {
            switch storage {
            case .memory(let elements):
                memory = elements.makeIterator()
                decode = nil
            case .spilled(let spool, let range, let decode):
                run = RunReader(spool.reader(range, blockSize: RunReader.blockSize))
                self.decode = decode
            }
        }

        public mutating func next() -> Element? {
            if memory != nil { return memory!.next() }
            return run!.next(decode!)
        }
    }

    public func makeIterator() -> Iterator { Iterator(storage) }
}

extension SpilledList: Encodable where Element: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for element in self { try container.encode(element) }
    }
}

extension SpilledList: Decodable where Element: Decodable {
    /// A saved plan's list, kept as it was saved.
    public init(from decoder: any Decoder) throws {
        self.init(try [Element](from: decoder))
    }
}

/// What a `SpilledList` can hold: an order, and a form in bytes.
protocol Spillable: Sendable {
    static func inOrder(_ first: Self, _ second: Self) -> Bool
    func spill(into record: inout SpillWriter)
    init(unspilling record: inout SpillReader)
}

/// Collects elements in any order and gives them back sorted (an external merge sort): up to
/// `memoryLimit` are sorted in memory, each such run is appended to a spool in `folder` (the
/// run's `temporaryFolder`), and the runs are merged into one there. `unique` drops repeats, as a
/// set would.
struct SpillingSorter<Element: Spillable>: Sendable {
    let folder: String
    let unique: Bool
    let memoryLimit: Int
    private var pending: [Element] = []
    private var runs: [(range: Range<Int>, count: Int)] = []
    private var spool: Spool?
    /// How many elements were appended.
    private(set) var count = 0

    init(spillingIn folder: String, unique: Bool = false, memoryLimit: Int = 4096) {
        self.folder = folder
        self.unique = unique
        self.memoryLimit = max(1, memoryLimit)
    }

    mutating func append(_ element: Element) throws {
        count += 1
        pending.append(element)
        if pending.count >= memoryLimit { try spillPending() }
    }

    mutating func append(contentsOf elements: some Sequence<Element>) throws {
        for element in elements { try append(element) }
    }

    /// The elements in order: in memory when they never outgrew it, else merged in the spool.
    consuming func list() throws -> SpilledList<Element> {
        guard let spool else { return SpilledList(sortedPending()) }
        if !pending.isEmpty { try spillPending() }
        return try merge(in: spool)
    }

    private func sortedPending() -> [Element] {
        let sorted = pending.sorted(by: Element.inOrder)
        guard unique else { return sorted }
        var kept: [Element] = []
        for element in sorted where kept.last.map({ Element.inOrder($0, element) }) ?? true { kept.append(element) }
        return kept
    }

    private mutating func spillPending() throws {
        let spool = try self.spool ?? Spool(folder: folder)
        self.spool = spool
        var writer = SpillWriter()
        let sorted = sortedPending()
        for element in sorted { writer.append(element) }
        runs.append((try spool.append(writer.bytes), sorted.count))
        pending.removeAll(keepingCapacity: true)
    }

    /// Merges the sorted runs into one, appended to the spool, reading each a block at a time.
    private func merge(in spool: Spool) throws -> SpilledList<Element> {
        let decode: @Sendable (inout SpillReader) -> Element = { Element(unspilling: &$0) }
        guard runs.count > 1 else { return SpilledList(spool: spool, range: runs[0].range, count: runs[0].count, decode: decode) }
        var readers = runs.map { RunReader(spool.reader($0.range, blockSize: RunReader.blockSize)) }
        // The next element of each run, in order: the first is the smallest.
        var heads: [(element: Element, run: Int)] = []
        func insert(_ element: Element, run: Int) {
            var low = 0, high = heads.count
            while low < high {
                let middle = (low + high) / 2
                if Element.inOrder(element, heads[middle].element) { high = middle } else { low = middle + 1 }
            }
            heads.insert((element, run), at: low)
        }
        for run in readers.indices { if let first = readers[run].next(decode) { insert(first, run: run) } }
        var writer = SpillWriter(), start: Int?, end = 0, count = 0
        var last: Element?
        func flush() throws {
            let range = try spool.append(writer.bytes)
            if start == nil { start = range.lowerBound }
            end = range.upperBound
            writer = SpillWriter()
        }
        while !heads.isEmpty {
            let (element, run) = heads.removeFirst()
            if let next = readers[run].next(decode) { insert(next, run: run) }
            if unique, let last, !Element.inOrder(last, element) { continue }
            writer.append(element)
            count += 1
            last = element
            if writer.bytes.count >= 256 * 1024 { try flush() }
        }
        try flush()
        return SpilledList(spool: spool, range: start!..<end, count: count, decode: decode)
    }
}

/// A record's bytes as they are written: a length, then the fields.
struct SpillWriter {
    private(set) var bytes: [UInt8] = []
    private var fields: [UInt8] = []

    mutating func append(_ element: some Spillable) {
        fields.removeAll(keepingCapacity: true)
        element.spill(into: &self)
        Self.append(UInt32(fields.count), to: &bytes)
        bytes += fields
    }

    private static func append(_ number: some FixedWidthInteger, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: number.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ flag: Bool) { fields.append(flag ? 1 : 0) }

    mutating func write(_ integer: Int) { Self.append(Int64(integer), to: &fields) }

    mutating func write(_ text: String) { write(bytes: text.utf8) }

    mutating func write(bytes: some Collection<UInt8>) {
        Self.append(UInt32(bytes.count), to: &fields)
        fields += bytes
    }

    mutating func write(_ text: String?) {
        write(text != nil)
        if let text { write(text) }
    }

    mutating func write(_ texts: [String]) {
        Self.append(UInt32(texts.count), to: &fields)
        for text in texts { write(text) }
    }
}

/// Reads back the fields of one record, in the order they were written.
struct SpillReader {
    private let record: ArraySlice<UInt8>
    private var at: Int

    fileprivate init(_ bytes: ArraySlice<UInt8>) {
        record = bytes
        at = bytes.startIndex
    }

    private mutating func number() -> Int {
        defer { at += 4 }
        return record.u32(at)
    }

    mutating func integer() -> Int {
        defer { at += 8 }
        return Int(Int64(bitPattern: record.u64(at)))
    }

    mutating func flag() -> Bool {
        defer { at += 1 }
        return record[at] != 0
    }

    mutating func text() -> String { String(decoding: bytes(), as: UTF8.self) }

    mutating func bytes() -> [UInt8] {
        let count = number()
        defer { at += count }
        return Array(record[at..<(at + count)])
    }

    mutating func optionalText() -> String? { flag() ? text() : nil }

    mutating func texts() -> [String] { (0..<number()).map { _ in text() } }
}

/// The records of one run of a spool, read a block at a time: a merge reads every run at once,
/// so blocks are small.
private struct RunReader {
    static let blockSize = 32 * 1024
    var bytes: BlockReader

    init(_ bytes: BlockReader) {
        self.bytes = bytes
    }

    /// The next record, decoded, or nil at the run's end. The spool is this process's own
    /// unlinked file, written just before: failing to read it back is the disk failing.
    mutating func next<Element>(_ decode: (inout SpillReader) -> Element) -> Element? {
        do {
            guard try bytes.ensure(4) else { return nil }
            let header = bytes.take(4)
            let length = header.u32(header.startIndex)
            guard try bytes.ensure(length) else { return nil }
            var reader = SpillReader(bytes.take(length))
            return decode(&reader)
        } catch {
            fatalError("rlcm: a temporary file written moments ago could not be read back: \(error)")
        }
    }
}
