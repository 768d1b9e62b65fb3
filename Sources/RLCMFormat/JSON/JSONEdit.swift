/// Edits of JSON text that keep every other byte as it was: files rlcm passes on must come out
/// as they came in (key order, indentation, `211.0`, no trailing newline), so a value it must
/// change is replaced in place instead of writing the document anew.
public enum JSONEdit {
    /// `bytes` with the number that the root object's member `key` holds replaced by `number`;
    /// nil when the root is not an object or has no such number member.
    public static func replacingRootNumber(_ key: String, with number: Int, in bytes: [UInt8], file: String) throws(JSONError) -> [UInt8]? {
        var locator = RootNumberLocator(key: key)
        try bytes.withUnsafeBytes { raw in
            locator.base = raw.baseAddress
            return JSONParser.scanResult(raw, file: file, limits: .default, into: &locator)
        }.get()
        guard let range = locator.found else { return nil }
        return Array(bytes[..<range.lowerBound]) + Array(String(number).utf8) + Array(bytes[range.upperBound...])
    }
}

/// Finds the byte range of a number member of the root object.
private struct RootNumberLocator: JSONSink {
    let key: String
    var base: UnsafeRawPointer?
    var depth = 0
    var currentKey: String?
    var found: Range<Int>?

    init(key: String) { self.key = key }

    mutating func open(isObject: Bool) { depth += 1 }
    mutating func key(_ key: JSONRawString) { if depth == 1 { currentKey = key.string } }
    mutating func string(_ string: JSONRawString) {}
    mutating func number(_ literal: UnsafeRawBufferPointer) {
        guard depth == 1, currentKey == key, let base, let start = literal.baseAddress else { return }
        let offset = start - base
        found = offset..<(offset + literal.count)
    }
    mutating func literal(_ value: JSONValue) {}
    mutating func close(isObject: Bool) { depth -= 1 }
}
