/// A JSON document as written: objects keep their key order, numbers keep their literal text.
///
/// Equality is exact: strings and keys compare byte for byte (as UTF-8), not by Unicode
/// canonical equivalence, objects compare member by member in order, and numbers compare
/// by their literal (`1.0` and `1` are different values). That is what "byte-identical"
/// round trips need.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// The literal exactly as in the source, e.g. `"1.50"`, `"-0"`, `"1e3"`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue: Equatable {
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return utf8Equal(a, b)
        case let (.string(a), .string(b)): return utf8Equal(a, b)
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default: return false
        }
    }
}

extension JSONValue {
    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
    /// The object, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }
    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
    /// The Boolean, if this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }
    /// The number literal, if this is a number.
    public var numberLiteral: String? {
        if case .number(let n) = self { return n }
        return nil
    }
    /// The value of an integer literal (`-?[0-9]+`, no fraction, no exponent) that fits in `Int`;
    /// `nil` for anything else, including `1.0` and `1e3`.
    public var intValue: Int? {
        guard case .number(let literal) = self else { return nil }
        return parseIntegerLiteral(literal)
    }
    /// The member named `key`, if this is an object that has it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let o) = self else { return nil }
        return o[key]
    }
    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
    /// Whether this is an object or an array.
    public var isContainer: Bool {
        switch self {
        case .object, .array: return true
        default: return false
        }
    }
    /// A short name of the kind of value, as used in error messages ("string", "object", ...).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// Exact (byte-wise UTF-8) string equality; Swift's `==` on `String` uses canonical
/// equivalence, which would make `"é"` and `"e\u{301}"` the same key.
@inline(__always)
func utf8Equal(_ a: String, _ b: String) -> Bool {
    let x = a.utf8, y = b.utf8
    return x.count == y.count && x.elementsEqual(y)
}

/// `-?[0-9]+` that fits in `Int`, else `nil`.
func parseIntegerLiteral(_ literal: String) -> Int? {
    var bytes = literal.utf8.makeIterator()
    guard var b = bytes.next() else { return nil }
    let negative = b == UInt8(ascii: "-")
    if negative { guard let next = bytes.next() else { return nil }; b = next }
    var result = 0
    while true {
        guard b >= 0x30, b <= 0x39 else { return nil }
        let digit = Int(b &- 0x30)
        let (m, o1) = result.multipliedReportingOverflow(by: 10)
        let (s, o2) = negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
        if o1 || o2 { return nil }
        result = s
        guard let next = bytes.next() else { return result }
        b = next
    }
}
