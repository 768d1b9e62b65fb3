import RLCMFormat

extension API {
    /// `POST /api/properties[?project_id=N]`: the values to upsert, by name. `GET /api/properties`
    /// answers a flat object of names and values, which needs no type of its own.
    public struct UpsertProperties: Codable, Sendable, Equatable {
        public var properties: [String: String]
        public init(properties: [String: String]) { self.properties = properties }
    }
}
