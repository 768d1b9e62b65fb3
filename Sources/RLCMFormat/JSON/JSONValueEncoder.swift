/// Encodes an `Encodable` value as a `JSONValue` whose objects' keys are sorted by their UTF-8 bytes:
/// the document `JSONEncoder` writes with `.sortedKeys`, as `JSONParser` reads it back, without the
/// text in between. rlcm's state files were made that way, encoded, parsed and written pretty, and
/// the encoder and the parse were most of what writing an import's history cost.
///
/// Numbers are spelled as `JSONEncoder` spells them (`1`, `2.5`, `1e-07`; a `Double` that is
/// whole loses its `.0`). Unlike `JSONEncoder`, it has no special case for `Date`, `Data`, `URL`
/// or `Decimal`: they encode themselves (a `Date` as seconds, as `JSONEncoder`'s default does),
/// and rlcm's state holds none of the others.
enum JSONValueEncoder {
    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = EncodedNode()
        try root.encode(value, codingPath: [])
        return root.value
    }
}

/// A value being encoded. Containers fill it through a reference, since an `Encoder`'s containers
/// outlive the calls that made them.
private final class EncodedNode {
    enum Kind { case empty, scalar, object, array }
    var kind = Kind.empty
    var scalar = JSONValue.null
    var members: [String: EncodedNode] = [:]
    var items: [EncodedNode] = []

    /// What was encoded; a value that encoded nothing is `{}`, as with `JSONEncoder`.
    var value: JSONValue {
        switch kind {
        case .empty:
            return .object(JSONObject())
        case .scalar:
            return scalar
        case .object:
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            return .object(JSONObject(uniqueKeys: sorted.map(\.key), values: sorted.map(\.value.value)))
        case .array:
            return .array(items.map(\.value))
        }
    }

    func encode<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws {
        if let scalar = try JSONScalars.encode(value, codingPath: codingPath()) {
            set(scalar)
        } else {
            try value.encode(to: NodeEncoder(node: self, codingPath: codingPath()))
        }
    }

    func set(_ scalar: JSONValue) {
        kind = .scalar
        self.scalar = scalar
    }

    func becomeObject() {
        if kind != .object { kind = .object; members = [:] }
    }

    func becomeArray() {
        if kind != .array { kind = .array; items = [] }
    }

    func member(_ key: String) -> EncodedNode {
        let child = EncodedNode()
        members[key] = child
        return child
    }

    func append() -> EncodedNode {
        let child = EncodedNode()
        items.append(child)
        return child
    }
}

private struct NodeEncoder: Encoder {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleNodeContainer(node: node, codingPath: codingPath) }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).set(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.member(key.stringValue).encode(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.member("super"), codingPath: codingPath + [JSONIndexKey.superKey]) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]) }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var count: Int { node.items.count }

    private var nextPath: [any CodingKey] { codingPath + [JSONIndexKey(count)] }

    mutating func encodeNil() throws { node.append().set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = count
        try node.append().encode(value, codingPath: codingPath + [JSONIndexKey(index)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        return NodeEncoder(node: node.append(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        return NodeEncoder(node: node.append(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return NodeEncoder(node: node.append(), codingPath: path)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws { try node.encode(value, codingPath: codingPath) }
}

/// A position in an array, or the key of a superclass's members, in a coding path.
struct JSONIndexKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(_ index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init?(intValue: Int) { self.init(intValue) }

    static let superKey = JSONIndexKey(stringValue: "super")!
}

/// The standard library's scalars, which encode themselves through a single-value container: the
/// coders take them by their exact type (a comparison of type metadata, where a cast to a protocol
/// would search the executable's conformances).
enum JSONScalars {
    static func encode<T>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONValue? {
        let type = T.self
        if type == String.self { return .string(value as! String) }
        if type == Bool.self { return .bool(value as! Bool) }
        if type == Int.self { return .number(String(value as! Int)) }
        if type == Double.self { return try number(value as! Double, codingPath: codingPath()) }
        if type == Int64.self { return .number(String(value as! Int64)) }
        if type == UInt64.self { return .number(String(value as! UInt64)) }
        if type == Int32.self { return .number(String(value as! Int32)) }
        if type == UInt32.self { return .number(String(value as! UInt32)) }
        if type == Int16.self { return .number(String(value as! Int16)) }
        if type == UInt16.self { return .number(String(value as! UInt16)) }
        if type == Int8.self { return .number(String(value as! Int8)) }
        if type == UInt8.self { return .number(String(value as! UInt8)) }
        if type == UInt.self { return .number(String(value as! UInt)) }
        if type == Float.self { return try number(value as! Float, codingPath: codingPath()) }
        return nil
    }

    /// As `JSONEncoder` writes it: the shortest spelling that reads back the same, without `.0`.
    private static func number<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F, codingPath: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

    /// The scalar `value` holds, as a `T`; `nil` when `T` is not one of the scalars.
    static func decode<T>(_ type: T.Type, from value: JSONValue, codingPath: @autoclosure () -> [any CodingKey]) throws -> T? {
        if type == String.self {
            guard case .string(let string) = value else { throw mismatch(type, value, codingPath()) }
            return (string as! T)
        }
        if type == Bool.self {
            guard case .bool(let bool) = value else { throw mismatch(type, value, codingPath()) }
            return (bool as! T)
        }
        if type == Int.self { return (try integer(Int.self, value, codingPath()) as! T) }
        if type == Double.self { return (try floating(Double.self, value, codingPath()) as! T) }
        if type == Int64.self { return (try integer(Int64.self, value, codingPath()) as! T) }
        if type == UInt64.self { return (try integer(UInt64.self, value, codingPath()) as! T) }
        if type == Int32.self { return (try integer(Int32.self, value, codingPath()) as! T) }
        if type == UInt32.self { return (try integer(UInt32.self, value, codingPath()) as! T) }
        if type == Int16.self { return (try integer(Int16.self, value, codingPath()) as! T) }
        if type == UInt16.self { return (try integer(UInt16.self, value, codingPath()) as! T) }
        if type == Int8.self { return (try integer(Int8.self, value, codingPath()) as! T) }
        if type == UInt8.self { return (try integer(UInt8.self, value, codingPath()) as! T) }
        if type == UInt.self { return (try integer(UInt.self, value, codingPath()) as! T) }
        if type == Float.self { return (try floating(Float.self, value, codingPath()) as! T) }
        return nil
    }

    /// An integer literal, or a number whose value is a whole one that fits (`JSONDecoder` takes
    /// `1.0` and `1e2` as integers too).
    private static func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) throws -> I {
        guard case .number(let literal) = value else { throw mismatch(type, value, codingPath) }
        if let integer = I(literal) { return integer }
        if let double = Double(literal), let integer = I(exactly: double) { return integer }
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "Number \(literal) is not representable in Swift as \(I.self)."))
    }

    private static func floating<F: BinaryFloatingPoint & LosslessStringConvertible>(_ type: F.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) throws -> F {
        guard case .number(let literal) = value else { throw mismatch(type, value, codingPath) }
        guard let number = F(literal), number.isFinite else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "Number \(literal) is not representable in Swift as \(F.self)."))
        }
        return number
    }

    /// `null` where a value is expected, or a value of another kind.
    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: codingPath, debugDescription: "Expected \(type) value but found null instead."))
        }
        return .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found \(kind(of: value)) instead."))
    }

    /// A value's kind, in `JSONDecoder`'s words.
    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "bool"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "a dictionary"
        }
    }
}
