/// A reference that points at nothing: which file, where in it, and what it names.
public struct UnresolvedReference: RLCMError, Sendable, Hashable, Codable {
    public var file: String
    public var jsonPath: String
    public var target: String
    public var reason: String

    public init(file: String, jsonPath: String, target: String, reason: String) {
        self.file = file
        self.jsonPath = jsonPath
        self.target = target
        self.reason = reason
    }

    public var description: String { "'\(file)' \(jsonPath): \(reason) '\(target)'" }

    enum CodingKeys: String, CodingKey { case file, jsonPath = "json_path", target, reason }
}
