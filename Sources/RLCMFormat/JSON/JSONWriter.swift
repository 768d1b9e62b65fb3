/// Writes `JSONValue`s back to bytes.
public enum JSONWriter {
    /// Pretty-printed the way Workato exports are: two-space indentation, `"key": value`,
    /// `[]`/`{}` for empty containers, no trailing newline (callers decide), strings
    /// escaped minimally (`\"` `\\` `\b` `\f` `\n` `\r` `\t`, other control characters as
    /// `\u00XX` with lowercase hex; `/` and non-ASCII written raw as UTF-8), numbers
    /// written as their literal.
    ///
    /// For documents in that style, `pretty(parse(x)) + "\n"` reproduces `x` byte for byte.
    public static func pretty(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        writePretty(value, indent: 0, into: &out)
        return out
    }

    /// The same without any whitespace.
    public static func compact(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        writeCompact(value, into: &out)
        return out
    }

    // Recursion depth equals the value's nesting depth, which the parser bounds
    // (`JSONLimits.maxDepth`).
    static func writePretty(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .array(let elements):
            if elements.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                out.append(i == 0 ? UInt8(ascii: "\n") : UInt8(ascii: ","))
                if i > 0 { out.append(UInt8(ascii: "\n")) }
                writeIndent(indent + 2, into: &out)
                writePretty(element, indent: indent + 2, into: &out)
            }
            out.append(UInt8(ascii: "\n"))
            writeIndent(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            let keys = object._keys, values = object._values
            for i in keys.indices {
                out.append(i == 0 ? UInt8(ascii: "\n") : UInt8(ascii: ","))
                if i > 0 { out.append(UInt8(ascii: "\n")) }
                writeIndent(indent + 2, into: &out)
                writeString(keys[i], into: &out)
                out.append(UInt8(ascii: ":"))
                out.append(UInt8(ascii: " "))
                writePretty(values[i], indent: indent + 2, into: &out)
            }
            out.append(UInt8(ascii: "\n"))
            writeIndent(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        default:
            writeScalar(value, into: &out)
        }
    }

    static func writeCompact(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeCompact(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            let keys = object._keys, values = object._values
            for i in keys.indices {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(keys[i], into: &out)
                out.append(UInt8(ascii: ":"))
                writeCompact(values[i], into: &out)
            }
            out.append(UInt8(ascii: "}"))
        default:
            writeScalar(value, into: &out)
        }
    }

    @inline(__always)
    static func writeIndent(_ n: Int, into out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: n))
    }

    static func writeScalar(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let literal): out.append(contentsOf: literal.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array, .object: writePretty(value, indent: 0, into: &out)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a JSON string literal with minimal escaping.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                runStart = i + 1
                out.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    out.append(contentsOf: "u00".utf8)
                    out.append(hexDigits[Int(b >> 4)])
                    out.append(hexDigits[Int(b & 0xF)])
                }
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
