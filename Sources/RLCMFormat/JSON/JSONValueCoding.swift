/// `JSONValue` nested in Codable types (a recipe's `parameters` in an API answer, an error list),
/// so the API's models and rlcm's own documents share one JSON value.
///
/// A `JSONEncoder` cannot write a number literal as it is, so a number goes out as the `Int` or
/// `Double` it spells (what the API always answered), and comes in as the text of the `Int` or
/// `Double` it decodes to, which writes back the same.
extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: MemberKey.self) {
            self = .object(try JSONObject(from: object))
            return
        }
        if var items = try? decoder.unkeyedContainer() {
            var values: [JSONValue] = []
            while !items.isAtEnd { values.append(try items.decode(JSONValue.self)) }
            self = .array(values)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
        else if let int = try? container.decode(Int.self) { self = .number(String(int)) }
        else if let double = try? container.decode(Double.self) { self = .number(String(double)) }
        else { self = .string(try container.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let object): try object.encode(to: encoder)
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let bool):
            var container = encoder.singleValueContainer()
            try container.encode(bool)
        case .number(let literal):
            var container = encoder.singleValueContainer()
            if let int = Int(literal) { try container.encode(int) } else { try container.encode(Double(literal) ?? 0) }
        case .string(let string):
            var container = encoder.singleValueContainer()
            try container.encode(string)
        }
    }
}

extension JSONObject: Codable {
    /// A decoder hands the keys back in no particular order; they are kept sorted, as the API writes them.
    public init(from decoder: any Decoder) throws {
        try self.init(from: try decoder.container(keyedBy: MemberKey.self))
    }

    fileprivate init(from container: KeyedDecodingContainer<MemberKey>) throws {
        let keys = container.allKeys.sorted { $0.stringValue < $1.stringValue }
        self.init(uniqueKeys: keys.map(\.stringValue), values: try keys.map { try container.decode(JSONValue.self, forKey: $0) })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        for (key, value) in zip(keys, values) { try container.encode(value, forKey: MemberKey(key)) }
    }
}

/// Any member name of an object.
private struct MemberKey: CodingKey {
    let stringValue: String
    init(_ stringValue: String) { self.stringValue = stringValue }
    init?(stringValue: String) { self.init(stringValue) }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}
