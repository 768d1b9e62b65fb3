/// A JSON object that keeps its members in document order; keys are unique.
///
/// Keys compare byte for byte (as UTF-8), not by Unicode canonical equivalence, so
/// `"é"` (U+00E9) and `"e\u{301}"` are two different keys, as they are in the file.
/// Lookups are linear for small objects; objects with many members keep an index.
public struct JSONObject: Sendable {
    @usableFromInline var _keys: [String]
    @usableFromInline var _values: [JSONValue]
    /// Key → position, only kept for objects larger than `indexThreshold`.
    var index: [ExactKey: Int]?

    static let indexThreshold = 16

    /// Builds an object from members in order. When a key occurs more than once, the
    /// later value replaces the earlier one and keeps the earlier one's position
    /// (exactly what assigning the members one by one through the subscript does).
    /// Meant for objects our own code builds; parsed documents with duplicate keys are
    /// rejected by `JSONParser` instead.
    public init(_ members: [(String, JSONValue)] = []) {
        _keys = []
        _values = []
        index = nil
        _keys.reserveCapacity(members.count)
        _values.reserveCapacity(members.count)
        for (k, v) in members { self[k] = v }
    }

    /// Members whose keys are already known to be unique (the parser checks them).
    init(uniqueKeys keys: [String], values: [JSONValue]) {
        _keys = keys
        _values = values
        index = nil
        if keys.count > Self.indexThreshold { rebuildIndex() }
    }

    /// The keys in order.
    public var keys: [String] { _keys }

    /// The values in order.
    public var values: [JSONValue] { _values }

    /// The members in order.
    public var members: [(key: String, value: JSONValue)] {
        var result: [(key: String, value: JSONValue)] = []
        result.reserveCapacity(_keys.count)
        for i in _keys.indices { result.append((key: _keys[i], value: _values[i])) }
        return result
    }

    /// The number of members.
    public var count: Int { _keys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { _keys.isEmpty }

    /// The position of `key`, if present.
    public func position(of key: String) -> Int? {
        if let index { return index[ExactKey(key)] }
        for i in _keys.indices where utf8Equal(_keys[i], key) { return i }
        return nil
    }

    /// Reading returns the member's value. Writing a new key appends it at the end,
    /// writing an existing key replaces its value in place, writing `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = position(of: key) else { return nil }
            return _values[i]
        }
        set {
            if let i = position(of: key) {
                if let newValue {
                    _values[i] = newValue
                } else {
                    _keys.remove(at: i)
                    _values.remove(at: i)
                    if index != nil {
                        if _keys.count > Self.indexThreshold { rebuildIndex() } else { index = nil }
                    }
                }
            } else if let newValue {
                _keys.append(key)
                _values.append(newValue)
                if index != nil {
                    index![ExactKey(key)] = _keys.count - 1
                } else if _keys.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    private mutating func rebuildIndex() {
        var map: [ExactKey: Int] = [:]
        map.reserveCapacity(_keys.count)
        for (i, k) in _keys.enumerated() { map[ExactKey(k)] = i }
        index = map
    }
}

extension JSONObject: Equatable {
    /// Same keys in the same order with equal values.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs._keys.count == rhs._keys.count else { return false }
        for i in lhs._keys.indices {
            guard utf8Equal(lhs._keys[i], rhs._keys[i]) else { return false }
        }
        return lhs._values == rhs._values
    }
}

/// A `String` hashed and compared by its UTF-8 bytes.
struct ExactKey: Hashable, Sendable {
    let string: String
    init(_ string: String) { self.string = string }

    static func == (a: ExactKey, b: ExactKey) -> Bool { utf8Equal(a.string, b.string) }

    func hash(into hasher: inout Hasher) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable {
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
        if done == nil {
            Array(string.utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
        hasher.combine(string.utf8.count)
    }
}
