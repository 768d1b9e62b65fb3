/// A problem that blocks a plan: what kind it is, where (a workspace or entry path, a JSON path
/// in it), and the sentence a user acts on. Machines sort and filter by kind and place; people
/// read the message.
public struct PlanProblem: Codable, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The package as a whole: empty, two connectors with one title.
        case package
        /// An entry that cannot be written, or (`--strict`) is placed nowhere.
        case entry
        /// A reference that is malformed, or (`--strict`) resolves nowhere.
        case reference
        /// A running recipe the import, a prune or a rollback would overwrite or remove.
        case runningRecipe = "running_recipe"
        /// A custom connector the package carries.
        case connector
        /// A connection binding of the values file.
        case connectionBinding = "connection_binding"
        /// A connector tie of the values file.
        case connectorTie = "connector_tie"
        /// A property value: missing (`--strict`), or one the platform refuses.
        case property
        /// What blocks a rollback: newer changes, files changed since.
        case rollback
    }

    public var kind: Kind
    public var path: String?
    public var jsonPath: String?
    public var message: String

    public init(_ kind: Kind, path: String? = nil, jsonPath: String? = nil, _ message: String) {
        self.kind = kind
        self.path = path
        self.jsonPath = jsonPath
        self.message = message
    }

    public var description: String { message }

    enum CodingKeys: String, CodingKey { case kind, path, jsonPath = "json_path", message }
}
