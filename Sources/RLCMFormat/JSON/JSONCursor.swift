/// A value plus the file and JSON path it came from, for schema-like checks whose errors
/// say exactly where a document is wrong:
///
/// ```swift
/// let recipe = JSONCursor(try JSONParser.parse(bytes, file: name), file: name)
/// let version = try recipe.require("version").positiveInt()
/// for step in try recipe.require("code").require("block").array() { ... }
/// ```
///
/// Errors from a cursor have `offset == -1` (the position in the file is not kept).
public struct JSONCursor: Sendable {
    public let value: JSONValue
    public let file: String
    public let path: String

    public init(_ value: JSONValue, file: String, path: String = "$") {
        self.value = value
        self.file = file
        self.path = path
    }

    func error(_ reason: JSONError.Reason) -> JSONError {
        JSONError(file: file, path: path, offset: -1, reason: reason)
    }

    func wrongType(_ expected: String) -> JSONError {
        error(.wrongType(expected: expected, found: value.typeName == "null" ? "null" : (value.typeName == "array" || value.typeName == "object" ? "an " : "a ") + value.typeName))
    }

    /// The member `key`, which must exist (it may be `null`). Fails if this is not an
    /// object or the key is missing.
    public func require(_ key: String) throws(JSONError) -> JSONCursor {
        guard case .object(let object) = value else { throw wrongType("an object") }
        guard let member = object[key] else { throw error(.missingField(key)) }
        return JSONCursor(member, file: file, path: JSONPath.appending(key: key, to: path))
    }

    /// The member `key` if this is an object that has it; `nil` otherwise. A member whose
    /// value is `null` is returned (check `isNull`).
    public func optional(_ key: String) -> JSONCursor? {
        guard case .object(let object) = value, let member = object[key] else { return nil }
        return JSONCursor(member, file: file, path: JSONPath.appending(key: key, to: path))
    }

    /// Whether the value is `null`.
    public var isNull: Bool { value.isNull }

    public func string() throws(JSONError) -> String {
        guard case .string(let s) = value else { throw wrongType("a string") }
        return s
    }

    /// A string, or `nil` for `null`.
    public func stringOrNull() throws(JSONError) -> String? {
        if case .null = value { return nil }
        return try string()
    }

    /// An integer literal that fits in `Int` (`1.0` and `1e3` are not accepted).
    public func int() throws(JSONError) -> Int {
        guard case .number(let literal) = value else { throw wrongType("an integer") }
        guard let n = parseIntegerLiteral(literal) else { throw error(.notAnInteger(literal)) }
        return n
    }

    /// An integer of 1 or more.
    public func positiveInt() throws(JSONError) -> Int {
        guard case .number(let literal) = value else { throw wrongType("a positive integer") }
        guard let n = parseIntegerLiteral(literal), n >= 1 else { throw error(.notPositiveInteger) }
        return n
    }

    public func bool() throws(JSONError) -> Bool {
        guard case .bool(let b) = value else { throw wrongType("true or false") }
        return b
    }

    /// The number's literal text.
    public func number() throws(JSONError) -> String {
        guard case .number(let literal) = value else { throw wrongType("a number") }
        return literal
    }

    /// The elements, each with its path (`path[i]`).
    public func array() throws(JSONError) -> [JSONCursor] {
        guard case .array(let elements) = value else { throw wrongType("an array") }
        var result: [JSONCursor] = []
        result.reserveCapacity(elements.count)
        for (i, element) in elements.enumerated() {
            result.append(JSONCursor(element, file: file, path: JSONPath.appending(index: i, to: path)))
        }
        return result
    }

    public func object() throws(JSONError) -> JSONObject {
        guard case .object(let object) = value else { throw wrongType("an object") }
        return object
    }

    /// The members in order, each value with its path (`path.key`).
    public func members() throws(JSONError) -> [(key: String, value: JSONCursor)] {
        let object = try object()
        var result: [(key: String, value: JSONCursor)] = []
        result.reserveCapacity(object.count)
        for (key, member) in zip(object._keys, object._values) {
            result.append((key: key, value: JSONCursor(member, file: file, path: JSONPath.appending(key: key, to: path))))
        }
        return result
    }
}
