/// One asset referring to another: who refers, to what (a package entry, a workspace path or a
/// store connector's node), and where the reference sits in the referring file.
public struct DependencyEdge: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    /// Where the reference sits in `from`.
    public var jsonPath: String
    enum CodingKeys: String, CodingKey { case from, to, jsonPath = "json_path" }

    public init(from: String, to: String, jsonPath: String) {
        self.from = from
        self.to = to
        self.jsonPath = jsonPath
    }

    public static func unique(_ edges: [DependencyEdge]) -> [DependencyEdge] {
        Array(Set(edges)).sorted { ($0.from, $0.to, $0.jsonPath) < ($1.from, $1.to, $1.jsonPath) }
    }

    /// The node id of a store connector, which is not a file of the workspace it belongs to.
    public static func connectorNode(_ title: String) -> String { "connector:\(title)" }
}
