/// A reference that points at nothing: which file, where in it, and what it names.
public struct UnresolvedReference: RLCMError, Sendable, Hashable, Codable {
    public var file: String
    public var jsonPath: String
    public var target: String
    public var reason: String

    public var description: String { "'\(file)' \(jsonPath): \(reason) '\(target)'" }

    enum CodingKeys: String, CodingKey { case file, jsonPath = "json_path", target, reason }
}
