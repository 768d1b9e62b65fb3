/// A string of a document as the reader found it: its bytes between the quotes, escapes still in
/// place, every escape and UTF-8 sequence already checked. A scan passes thousands of strings and
/// looks at a few, and descriptions are full of `\"`: undoing every escape as it was read cost an
/// eighth of a scan, so escapes are undone only for a string someone asks for.
struct JSONRawString {
    /// In the document the reader reads, valid while it is read.
    let raw: UnsafeRawBufferPointer
    let hasEscapes: Bool

    /// The string's UTF-8 bytes, escapes undone, lent to `body`.
    func withUnescaped<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        guard hasEscapes else { return body(raw) }
        return withUnsafeTemporaryAllocation(byteCount: raw.count, alignment: 1) { buffer in
            body(UnsafeRawBufferPointer(rebasing: buffer[..<JSONEscape.unescape(raw, into: buffer)]))
        }
    }

    var string: String {
        guard hasEscapes else { return raw.utf8String }
        // Undoing escapes never lengthens a string.
        return String(unsafeUninitializedCapacity: raw.count) { JSONEscape.unescape(raw, into: UnsafeMutableRawBufferPointer($0)) }
    }

    /// Whether the two strings are the same bytes once unescaped (keys are compared so).
    @inline(__always)
    static func sameText(_ a: JSONRawString, _ b: JSONRawString) -> Bool {
        if !a.hasEscapes && !b.hasEscapes { return a.raw.elementsEqualBytes(b.raw) }
        return sameUnescaped(a, b)
    }

    /// `sameText` for strings with escapes, kept out of line so that the common case inlines
    /// where each key of an object is compared with the ones before it.
    @inline(never)
    private static func sameUnescaped(_ a: JSONRawString, _ b: JSONRawString) -> Bool {
        a.withUnescaped { x in b.withUnescaped { y in x.elementsEqualBytes(y) } }
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always)
    func elementsEqualBytes(_ other: UnsafeRawBufferPointer) -> Bool {
        // Keys of one object mostly differ in length or in their first byte: no call for those.
        count == other.count && (count == 0 || self[0] == other[0] && Platform.sameBytes(self, other))
    }

    /// Whether the bytes are `text`'s.
    @inline(__always)
    func isText(_ text: StaticString) -> Bool {
        elementsEqualBytes(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

/// The escapes of JSON strings (RFC 8259 §7): the one reading of `\n`, `\u00e9` and surrogate
/// pairs, for the reader that checks them and the strings that undo them when asked.
enum JSONEscape {
    struct Failure: Error {
        var reason: JSONError.Reason
        /// The backslash of the escape at fault.
        var offset: Int
    }

    /// Whether `\` then `letter` is an escape of one byte: every one but `\u`.
    @inline(__always)
    static func isSingleByte(_ letter: UInt8) -> Bool {
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"),
             UInt8(ascii: "t"): true
        default: false
        }
    }

    /// The character the escape whose backslash is at `start` stands for (a byte follows it), and
    /// where reading goes on.
    static func decode(_ buf: UnsafeRawBufferPointer, escapeAt start: Int) -> Result<(scalar: UInt32, next: Int), Failure> {
        let e = buf[start + 1]
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return .success((UInt32(e), start + 2))
        case UInt8(ascii: "b"): return .success((0x08, start + 2))
        case UInt8(ascii: "f"): return .success((0x0C, start + 2))
        case UInt8(ascii: "n"): return .success((0x0A, start + 2))
        case UInt8(ascii: "r"): return .success((0x0D, start + 2))
        case UInt8(ascii: "t"): return .success((0x09, start + 2))
        case UInt8(ascii: "u"): break
        default: return .failure(Failure(reason: .invalidEscape, offset: start))
        }
        guard let unit = hex4(buf, at: start + 2) else { return .failure(Failure(reason: .invalidEscape, offset: start)) }
        let i = start + 6
        if unit >= 0xDC00 && unit <= 0xDFFF { return .failure(Failure(reason: .loneSurrogate, offset: start)) }
        guard unit >= 0xD800 && unit <= 0xDBFF else { return .success((UInt32(unit), i)) }
        // A high surrogate needs a following \uDC00...\uDFFF.
        guard i + 1 < buf.count, buf[i] == UInt8(ascii: "\\"), buf[i + 1] == UInt8(ascii: "u") else {
            return .failure(Failure(reason: .loneSurrogate, offset: start))
        }
        guard let low = hex4(buf, at: i + 2) else { return .failure(Failure(reason: .invalidEscape, offset: i)) }
        guard low >= 0xDC00 && low <= 0xDFFF else { return .failure(Failure(reason: .loneSurrogate, offset: start)) }
        return .success((0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00), i + 6))
    }

    private static func hex4(_ buf: UnsafeRawBufferPointer, at k: Int) -> UInt16? {
        guard k + 4 <= buf.count else { return nil }
        var v: UInt16 = 0
        for j in k..<(k + 4) {
            let c = buf[j]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            v = v << 4 | UInt16(d)
        }
        return v
    }

    /// How many bytes `scalar` takes in UTF-8.
    @inline(__always)
    static func utf8Length(_ scalar: UInt32) -> Int {
        scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4
    }

    /// Writes the string `raw` (checked by the reader) with its escapes undone into `out`, which
    /// holds at least `raw.count` bytes; returns how many it wrote.
    static func unescape(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int {
        var i = 0, n = 0
        while i < raw.count {
            let b = raw[i]
            guard b == UInt8(ascii: "\\") else {
                out[n] = b
                n += 1
                i += 1
                continue
            }
            guard case .success(let (scalar, next)) = decode(raw, escapeAt: i) else { preconditionFailure("the reader checked every escape") }
            i = next
            switch scalar {
            case 0..<0x80:
                out[n] = UInt8(scalar)
            case 0x80..<0x800:
                out[n] = UInt8(0xC0 | (scalar >> 6))
                out[n + 1] = UInt8(0x80 | (scalar & 0x3F))
            case 0x800..<0x10000:
                out[n] = UInt8(0xE0 | (scalar >> 12))
                out[n + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                out[n + 2] = UInt8(0x80 | (scalar & 0x3F))
            default:
                out[n] = UInt8(0xF0 | (scalar >> 18))
                out[n + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
                out[n + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                out[n + 3] = UInt8(0x80 | (scalar & 0x3F))
            }
            n += utf8Length(scalar)
        }
        return n
    }
}
