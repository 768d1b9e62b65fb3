/// An optional field that is always in the JSON: `null` when empty, never left out.
///
/// The platform's clients require every documented key (pydantic models without defaults), and
/// synthesised `Encodable` leaves nil optionals out; wrapping a property in `@Nullable` makes the
/// synthesised code encode the wrapper, which writes `null` itself. One mechanism for every answer.
@propertyWrapper
public struct Nullable<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A missing key reads as `null`, so the same types decode what a client sends.
    public func decode<Value>(_ type: Nullable<Value>.Type, forKey key: Key) throws -> Nullable<Value> {
        try decodeIfPresent(type, forKey: key) ?? Nullable(wrappedValue: nil)
    }
}

extension Nullable: Hashable where Value: Hashable {}
