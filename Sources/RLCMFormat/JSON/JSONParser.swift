/// Strict RFC 8259 JSON reader for untrusted documents.
///
/// The reader works byte by byte on the buffer, never recurses (nesting is kept on an
/// explicit stack, bounded by `JSONLimits.maxDepth`) and does a single linear pass.
/// It rejects, with a `JSONError` naming the file, the JSON path and the byte offset:
/// invalid UTF-8 anywhere (overlong forms, UTF-8-encoded surrogates, values above
/// U+10FFFF, truncated sequences), lone surrogates in `\u` escapes, duplicate keys (exact
/// byte equality after unescaping), `NaN`/`Infinity` and every number that is not RFC 8259
/// (`01`, `+1`, `.5`, `1.`, `0x1F`, ...), unescaped control characters in strings, data
/// after the document, empty documents, and anything over the limits.
///
/// Numbers are kept as their literal text and never converted, so `1e999` is accepted
/// (it is valid JSON) and comes back as written.
public enum JSONParser {
    /// Parses a complete JSON document.
    ///
    /// A leading UTF-8 byte order mark (EF BB BF) is accepted and skipped: some editors
    /// write one, and it carries no meaning. A BOM anywhere else is ordinary data inside a
    /// string and an error (`unexpectedCharacter`) outside one. Offsets in errors count the
    /// BOM's bytes.
    ///
    /// - Parameters:
    ///   - bytes: the document.
    ///   - file: the file or package entry name, used only in errors.
    ///   - limits: bounds on depth and sizes.
    public static func parse(_ bytes: [UInt8], file: String, limits: JSONLimits = .default) throws(JSONError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            parseResult(raw, file: file, limits: limits)
        }
        return try result.get()
    }

    /// Parses a complete JSON document from raw memory; see `parse(_:file:limits:)`.
    public static func parse(_ buffer: UnsafeRawBufferPointer, file: String, limits: JSONLimits = .default) throws(JSONError) -> JSONValue {
        try parseResult(buffer, file: file, limits: limits).get()
    }

    /// The bytes of eight that end a string or need a closer look (a quote, a backslash, a control
    /// character, anything above ASCII), each flagged by its high bit. The lowest flag is exact
    /// (each test's false flags sit above one of its true ones), so it tells how many plain bytes
    /// come first; none means all eight are plain.
    @inline(__always)
    static func stringStops(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = ByteSearch.matches(UInt8(ascii: "\""), in: word)
        let backslash = ByteSearch.matches(UInt8(ascii: "\\"), in: word)
        let control = (word &- ones &* 0x20) & ~word & highs
        return quote | backslash | control | (word & highs)
    }

    static func parseResult(_ buffer: UnsafeRawBufferPointer, file: String, limits: JSONLimits) -> Result<JSONValue, JSONError> {
        var tree = JSONTreeBuilder()
        return scanResult(buffer, file: file, limits: limits, into: &tree).map { tree.values[0] }
    }

    /// Validates a document exactly as `parse` does, handing it to `sink` as it is read instead
    /// of building its tree: callers that need a few facts from a large document (the assets it
    /// references) skip the allocations a tree costs.
    static func scan<Sink: JSONSink>(_ bytes: [UInt8], file: String, limits: JSONLimits = .default,
                                     into sink: inout Sink) throws(JSONError) {
        try bytes.withUnsafeBytes { raw in scanResult(raw, file: file, limits: limits, into: &sink) }.get()
    }

    static func scanResult<Sink: JSONSink>(_ buffer: UnsafeRawBufferPointer, file: String, limits: JSONLimits,
                                           into sink: inout Sink) -> Result<Void, JSONError> {
        var reader = JSONReader(buffer: buffer, file: file, limits: limits)
        do {
            return .success(try reader.parseDocument(into: &sink))
        } catch {
            return .failure(error)
        }
    }
}

/// What the reader reports as it validates a document, in document order. Keys and strings come
/// as the document holds them (`JSONRawString`), valid while the document is read; numbers as
/// their literal bytes, valid during the call.
protocol JSONSink {
    /// An object or array opens.
    mutating func open(isObject: Bool)
    /// The key of the next member of the innermost object (already checked for duplicates).
    mutating func key(_ key: JSONRawString)
    mutating func string(_ string: JSONRawString)
    mutating func number(_ literal: UnsafeRawBufferPointer)
    /// `true`, `false` or `null`.
    mutating func literal(_ value: JSONValue)
    /// The innermost container closes.
    mutating func close(isObject: Bool)
    /// True once the sink needs nothing more: the reader stops there, and leaves the rest of the
    /// document unread (and unchecked).
    var hasEnough: Bool { get }
}

extension JSONSink {
    var hasEnough: Bool { false }
}

extension UnsafeRawBufferPointer {
    /// The bytes, valid UTF-8, as a String (through typed bytes: String's fast path takes no raw ones).
    var utf8String: String { String(decoding: assumingMemoryBound(to: UInt8.self), as: UTF8.self) }
}

/// Builds the `JSONValue` tree: `values` ends as the document alone.
struct JSONTreeBuilder: JSONSink {
    /// Elements of all open containers, innermost last.
    var values: [JSONValue] = []
    /// Keys of all open objects, innermost last.
    var keys: [String] = []
    /// Where each open container's elements and keys start in `values` and `keys`.
    var starts: [(values: Int, keys: Int)] = []

    mutating func open(isObject: Bool) { starts.append((values.count, keys.count)) }
    mutating func key(_ key: JSONRawString) { keys.append(key.string) }
    mutating func string(_ string: JSONRawString) { values.append(.string(string.string)) }
    mutating func number(_ literal: UnsafeRawBufferPointer) { values.append(.number(literal.utf8String)) }
    mutating func literal(_ value: JSONValue) { values.append(value) }

    mutating func close(isObject: Bool) {
        let start = starts.removeLast()
        let elements = Array(values[start.values...])
        values.removeSubrange(start.values...)
        if isObject {
            values.append(.object(JSONObject(uniqueKeys: Array(keys[start.keys...]), values: elements)))
            keys.removeSubrange(start.keys...)
        } else {
            values.append(.array(elements))
        }
    }
}

// MARK: - The reader

private enum Byte {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
}

/// One open array or object.
private struct Frame {
    var isObject: Bool
    /// How many of its elements have been read.
    var count = 0
    /// Where this object's keys start on the shared key stack.
    var keysStart: Int
    /// Exact-key set, built once an object grows past a few members (small objects are
    /// checked for duplicates by a linear scan, which is cheaper for them).
    var keySet: Set<ObjectKey>?
}

/// A key as the set of an object's keys holds it: the same text is the same key, escaped or not.
private struct ObjectKey: Hashable {
    let key: JSONRawString

    static func == (a: ObjectKey, b: ObjectKey) -> Bool { JSONRawString.sameText(a.key, b.key) }

    func hash(into hasher: inout Hasher) { key.withUnescaped { hasher.combine(bytes: $0) } }
}

private struct JSONReader {
    let buf: UnsafeRawBufferPointer
    let end: Int
    let file: String
    let limits: JSONLimits
    var pos = 0

    var frames: [Frame] = []
    /// Keys of all open objects, innermost last.
    var keys: [JSONRawString] = []

    static let linearKeyScanLimit = 12

    init(buffer: UnsafeRawBufferPointer, file: String, limits: JSONLimits) {
        self.buf = buffer
        self.end = buffer.count
        self.file = file
        self.limits = limits
    }

    // MARK: Errors

    /// Which path an error reports.
    enum PathMode {
        /// The value being read inside the innermost container (its index or pending key).
        case current
        /// The innermost container itself.
        case container
    }

    func path(_ mode: PathMode) -> String {
        var p = JSONPath.root
        for (depth, frame) in frames.enumerated() {
            let isLast = depth == frames.count - 1
            let count = frame.count
            if isLast && mode == .container { break }
            if frame.isObject {
                let keysEnd = isLast ? keys.count : frames[depth + 1].keysStart
                // A key whose value is still being read.
                if keysEnd - frame.keysStart > count {
                    JSONPath.append(key: keys[keysEnd - 1].string, to: &p)
                } else if isLast {
                    break
                }
            } else {
                JSONPath.append(index: count, to: &p)
            }
        }
        return p
    }

    func error(_ reason: JSONError.Reason, at offset: Int, _ mode: PathMode = .current) -> JSONError {
        JSONError(file: file, path: path(mode), offset: offset, reason: reason)
    }

    /// Describes the byte at `offset` for an `unexpectedCharacter` error, or reports invalid
    /// UTF-8 if the bytes there are not a valid sequence.
    func unexpected(at offset: Int, expected: String, _ mode: PathMode = .current) -> JSONError {
        let b = buf[offset]
        if b < 0x80 {
            let found: String
            if b < 0x20 || b == 0x7F {
                found = unicodeName(UInt32(b))
            } else if b == UInt8(ascii: "'") {
                found = "\"'\""
            } else {
                found = "'" + String(UnicodeScalar(b)) + "'"
            }
            return error(.unexpectedCharacter(found: found, expected: expected), at: offset, mode)
        }
        switch decodeUTF8(at: offset) {
        case .some((let scalar, _)):
            return error(.unexpectedCharacter(found: unicodeName(scalar), expected: expected), at: offset, mode)
        case .none:
            return error(.invalidUTF8, at: offset, mode)
        }
    }

    // MARK: Document

    mutating func parseDocument<Sink: JSONSink>(into sink: inout Sink) throws(JSONError) {
        guard end <= limits.maxDocumentBytes else {
            throw JSONError(file: file, path: JSONPath.root, offset: 0, reason: .documentTooLarge(limit: limits.maxDocumentBytes))
        }
        if end >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { pos = 3 }
        skipWhitespace()
        guard pos < end else {
            throw JSONError(file: file, path: JSONPath.root, offset: pos, reason: .emptyDocument)
        }
        try parseValues(into: &sink)
        if sink.hasEnough { return }
        skipWhitespace()
        if pos < end {
            if buf[pos] >= 0x80, decodeUTF8(at: pos) == nil {
                throw JSONError(file: file, path: JSONPath.root, offset: pos, reason: .invalidUTF8)
            }
            throw JSONError(file: file, path: JSONPath.root, offset: pos, reason: .trailingData)
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            let b = buf[pos]
            if b == Byte.space {
                // Indentation of pretty-printed documents: eight bytes at a time, to the first that
                // is not a space.
                while pos + 8 <= end {
                    let others = UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: pos, as: UInt64.self)) ^ 0x2020_2020_2020_2020
                    if others != 0 {
                        pos += others.trailingZeroBitCount >> 3
                        break
                    }
                    pos += 8
                }
                while pos < end, buf[pos] == Byte.space { pos += 1 }
                continue
            }
            guard b == Byte.newline || b == Byte.carriageReturn || b == Byte.tab else { return }
            pos += 1
        }
    }

    /// Reads one complete value (the document root) without recursion.
    mutating func parseValues<Sink: JSONSink>(into sink: inout Sink) throws(JSONError) {
        outer: while true {
            // Read a scalar, or open a container and go round again for its first element.
            skipWhitespace()
            guard pos < end else { throw error(.unexpectedEnd(expected: "a value"), at: pos) }
            let b = buf[pos]
            if b == Byte.openBrace || b == Byte.openBracket {
                let isObject = b == Byte.openBrace
                guard frames.count < limits.maxDepth else {
                    throw error(.tooDeep(limit: limits.maxDepth), at: pos)
                }
                pos += 1
                skipWhitespace()
                sink.open(isObject: isObject)
                let close = isObject ? Byte.closeBrace : Byte.closeBracket
                if pos < end, buf[pos] == close {
                    pos += 1
                    sink.close(isObject: isObject)
                } else {
                    frames.append(Frame(isObject: isObject, keysStart: keys.count, keySet: nil))
                    if isObject { try parseKeyAndColon(into: &sink) }
                    continue outer
                }
            } else {
                try parseScalar(into: &sink)
            }

            // The value is complete: count it in its container; close containers that end here.
            while true {
                guard !frames.isEmpty, !sink.hasEnough else { return }
                frames[frames.count - 1].count += 1
                skipWhitespace()
                let isObject = frames[frames.count - 1].isObject
                guard pos < end else {
                    throw error(.unexpectedEnd(expected: isObject ? "',' or '}'" : "',' or ']'"), at: pos, .container)
                }
                let c = buf[pos]
                if c == Byte.comma {
                    pos += 1
                    if isObject {
                        skipWhitespace()
                        try parseKeyAndColon(into: &sink)
                    }
                    continue outer
                }
                guard c == (isObject ? Byte.closeBrace : Byte.closeBracket) else {
                    throw unexpected(at: pos, expected: isObject ? "',' or '}'" : "',' or ']'", .container)
                }
                pos += 1
                let frame = frames.removeLast()
                sink.close(isObject: isObject)
                keys.removeSubrange(frame.keysStart...)
            }
        }
    }

    /// Reads `"key" :` inside the innermost object and records the key, rejecting duplicates.
    mutating func parseKeyAndColon<Sink: JSONSink>(into sink: inout Sink) throws(JSONError) {
        guard pos < end else { throw error(.unexpectedEnd(expected: "a key"), at: pos, .container) }
        guard buf[pos] == Byte.quote else {
            throw unexpected(at: pos, expected: "a key in double quotes", .container)
        }
        let keyOffset = pos
        let key = try parseString(mode: .container)
        let top = frames.count - 1
        let keysStart = frames[top].keysStart
        let memberCount = keys.count - keysStart
        if frames[top].keySet != nil {
            if frames[top].keySet!.insert(ObjectKey(key: key)).inserted == false {
                throw error(.duplicateKey(key.string), at: keyOffset, .container)
            }
        } else {
            for i in keysStart..<keys.count where JSONRawString.sameText(keys[i], key) {
                throw error(.duplicateKey(key.string), at: keyOffset, .container)
            }
            if memberCount + 1 > Self.linearKeyScanLimit {
                var set = Set<ObjectKey>(minimumCapacity: 2 * Self.linearKeyScanLimit)
                for i in keysStart..<keys.count { set.insert(ObjectKey(key: keys[i])) }
                set.insert(ObjectKey(key: key))
                frames[top].keySet = set
            }
        }
        keys.append(key)
        sink.key(key)
        skipWhitespace()
        guard pos < end else { throw error(.unexpectedEnd(expected: "':' after the key"), at: pos) }
        guard buf[pos] == Byte.colon else { throw unexpected(at: pos, expected: "':' after the key") }
        pos += 1
    }

    // MARK: Scalars

    mutating func parseScalar<Sink: JSONSink>(into sink: inout Sink) throws(JSONError) {
        let b = buf[pos]
        switch b {
        case Byte.quote:
            sink.string(try parseString(mode: .current))
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            sink.literal(.bool(true))
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            sink.literal(.bool(false))
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            sink.literal(.null)
        case Byte.minus, Byte.plus, Byte.dot, Byte.zero...Byte.nine, UInt8(ascii: "N"), UInt8(ascii: "I"):
            sink.number(UnsafeRawBufferPointer(rebasing: buf[try parseNumber()]))
        default:
            throw unexpected(at: pos, expected: "a value")
        }
    }

    mutating func expectLiteral(_ word: StaticString) throws(JSONError) {
        let start = pos
        let count = word.utf8CodeUnitCount
        let p = word.utf8Start
        for i in 0..<count {
            guard start + i < end else { throw error(.unexpectedEnd(expected: "\"\(word)\""), at: start + i) }
            guard buf[start + i] == p[i] else {
                throw unexpected(at: start + i, expected: "\"\(word)\"")
            }
        }
        pos = start + count
    }

    @inline(__always)
    static func isNumberRunByte(_ b: UInt8) -> Bool {
        switch b {
        case Byte.zero...Byte.nine, UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             Byte.plus, Byte.minus, Byte.dot:
            return true
        default:
            return false
        }
    }

    /// Reads the run of characters that could belong to a number (digits, letters, `+-.`),
    /// then checks it against the RFC 8259 grammar:
    /// `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    mutating func parseNumber() throws(JSONError) -> Range<Int> {
        let start = pos
        var i = pos
        let maxLength = limits.maxNumberLength
        while i < end, Self.isNumberRunByte(buf[i]) {
            i += 1
            if i - start > maxLength {
                throw error(.numberTooLong(limit: maxLength), at: start)
            }
        }
        let run = UnsafeRawBufferPointer(rebasing: buf[start..<i])
        if Self.isNonFinite(run) { throw error(.nonFiniteNumber, at: start) }
        if buf[start] >= UInt8(ascii: "A") { throw unexpected(at: start, expected: "a value") }
        guard Self.isValidNumber(run) else {
            throw error(.invalidNumber(String(decoding: run, as: UTF8.self)), at: start)
        }
        // Short plain literals always fit; only exponents and long digit runs can overflow a double.
        if run.count > 15 || run.contains(UInt8(ascii: "e")) || run.contains(UInt8(ascii: "E")) {
            let literal = String(decoding: run, as: UTF8.self)
            if !(Double(literal)?.isFinite ?? false) { throw error(.numberOutOfRange(literal), at: start) }
        }
        pos = i
        return start..<i
    }

    static func isNonFinite(_ run: UnsafeRawBufferPointer) -> Bool {
        var body = run[...]
        if let first = body.first, first == Byte.minus || first == Byte.plus { body = body.dropFirst() }
        return body.elementsEqual("NaN".utf8) || body.elementsEqual("Infinity".utf8)
    }

    static func isValidNumber(_ run: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = run.count
        @inline(__always) func isDigit(_ k: Int) -> Bool { k < n && run[k] >= Byte.zero && run[k] <= Byte.nine }
        if i < n, run[i] == Byte.minus { i += 1 }
        guard isDigit(i) else { return false }
        if run[i] == Byte.zero {
            i += 1
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < n, run[i] == Byte.dot {
            i += 1
            guard isDigit(i) else { return false }
            while isDigit(i) { i += 1 }
        }
        if i < n, run[i] == UInt8(ascii: "e") || run[i] == UInt8(ascii: "E") {
            i += 1
            if i < n, run[i] == Byte.plus || run[i] == Byte.minus { i += 1 }
            guard isDigit(i) else { return false }
            while isDigit(i) { i += 1 }
        }
        return i == n
    }

    // MARK: Strings

    /// Reads and validates a string starting at the opening quote: a fast scan while there are no
    /// escapes, then a check of each escape. Escapes are left in place (`JSONRawString`).
    mutating func parseString(mode: PathMode) throws(JSONError) -> JSONRawString {
        let start = pos + 1
        var i = start
        // Fast scan: no escapes so far. Eight bytes at a time while there are eight, to the first
        // that is not plain ASCII.
        i = plainRun(from: i)
        while i < end {
            let b = buf[i]
            if b == Byte.quote {
                guard i - start <= limits.maxStringBytes else {
                    throw error(.stringTooLong(limit: limits.maxStringBytes), at: pos, mode)
                }
                pos = i + 1
                return JSONRawString(raw: UnsafeRawBufferPointer(rebasing: buf[start..<i]), hasEscapes: false)
            }
            if b == Byte.backslash { break }
            if b < 0x20 { throw error(.controlCharacterInString(b), at: i, mode) }
            if b < 0x80 {
                i += 1
            } else {
                i += try validateUTF8(at: i, mode)
            }
            i = plainRun(from: i)
        }
        guard i < end else { throw error(.unexpectedEnd(expected: "the closing '\"' of a string"), at: end, mode) }
        return try escapedString(from: start, escapeAt: i, mode: mode)
    }

    /// Where the plain ASCII bytes of a string that start at `start` end, as far as whole words of
    /// eight reach (the last few bytes of the document are for the caller to look at one by one).
    @inline(__always)
    func plainRun(from start: Int) -> Int {
        var i = start
        while i + 8 <= end {
            let stops = JSONParser.stringStops(buf.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            guard stops == 0 else { return i + stops.trailingZeroBitCount >> 3 }
            i += 8
        }
        return i
    }

    /// The rest of a string from its first escape: every escape checked, and the string's length
    /// once unescaped counted against the limit, as the bytes go.
    private mutating func escapedString(from start: Int, escapeAt first: Int, mode: PathMode) throws(JSONError) -> JSONRawString {
        var i = first
        var length = first - start
        let limit = limits.maxStringBytes
        while i < end {
            // Plain bytes between escapes (data pills are full of them) are passed a run at a time.
            var run = plainRun(from: i)
            while run < end, buf[run] >= 0x20, buf[run] < 0x80, buf[run] != Byte.quote, buf[run] != Byte.backslash { run += 1 }
            if run > i {
                length += run - i
                i = run
                if length > limit { throw error(.stringTooLong(limit: limit), at: start - 1, mode) }
                guard i < end else { break }
            }
            let b = buf[i]
            if b == Byte.quote {
                pos = i + 1
                return JSONRawString(raw: UnsafeRawBufferPointer(rebasing: buf[start..<i]), hasEscapes: true)
            }
            if b == Byte.backslash {
                guard i + 1 < end else { break }
                // `\"` and the like, most of a document's escapes, stand for one byte.
                if JSONEscape.isSingleByte(buf[i + 1]) {
                    length += 1
                    i += 2
                    if length > limit { throw error(.stringTooLong(limit: limit), at: start - 1, mode) }
                    continue
                }
                switch JSONEscape.decode(buf, escapeAt: i) {
                case .success(let (scalar, next)):
                    length += JSONEscape.utf8Length(scalar)
                    i = next
                case .failure(let failure):
                    throw error(failure.reason, at: failure.offset, mode)
                }
            } else if b < 0x20 {
                throw error(.controlCharacterInString(b), at: i, mode)
            } else {
                let n = try validateUTF8(at: i, mode)
                length += n
                i += n
            }
            if length > limit {
                throw error(.stringTooLong(limit: limit), at: start - 1, mode)
            }
        }
        throw error(.unexpectedEnd(expected: "the closing '\"' of a string"), at: end, mode)
    }

    func validateUTF8(at i: Int, _ mode: PathMode) throws(JSONError) -> Int {
        guard let (_, length) = decodeUTF8(at: i) else { throw error(.invalidUTF8, at: i, mode) }
        return length
    }

    /// Decodes the multi-byte UTF-8 sequence at `i` (first byte ≥ 0x80) following
    /// Unicode's table of well-formed sequences; `nil` if it is ill-formed or truncated.
    func decodeUTF8(at i: Int) -> (scalar: UInt32, length: Int)? {
        let b0 = buf[i]
        let length: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; hi = 0x9F
        case 0xF0: length = 4; lo = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; hi = 0x8F
        default: return nil
        }
        guard i + length <= end else { return nil }
        let b1 = buf[i + 1]
        guard b1 >= lo && b1 <= hi else { return nil }
        var scalar: UInt32
        switch length {
        case 2: scalar = UInt32(b0 & 0x1F)
        case 3: scalar = UInt32(b0 & 0x0F)
        default: scalar = UInt32(b0 & 0x07)
        }
        scalar = scalar << 6 | UInt32(b1 & 0x3F)
        for k in 2..<max(length, 2) {
            let b = buf[i + k]
            guard b & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(b & 0x3F)
        }
        return (scalar, length)
    }
}
