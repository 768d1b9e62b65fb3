import RLCMFormat

extension API {
    /// `POST /api/connections` (which needs `name` and `provider`) and `PUT /api/connections/:id`
    /// (which changes the keys present and keeps the others). The official client sends every key
    /// it has a value for, and `shell_connection` always.
    public struct ConnectionRequest: Codable, Sendable, Equatable {
        public var name: String?
        /// Set on create only: a connection keeps its connector.
        public var provider: String?
        public var parentId: Int?
        public var folderId: Int?
        public var externalId: String?
        public var shellConnection: Bool?
        /// Credentials and settings, which a workspace does not keep.
        public var input: JSONObject?

        enum CodingKeys: String, CodingKey {
            case name, provider, parentId = "parent_id", folderId = "folder_id", externalId = "external_id"
            case shellConnection = "shell_connection", input
        }
    }

    /// `PUT /api/recipes/:id/connect`: the recipe's steps of `adapter_name` use the connection.
    public struct RecipeConnectRequest: Codable, Sendable, Equatable {
        public var adapterName: String
        public var connectionId: Int

        enum CodingKeys: String, CodingKey { case adapterName = "adapter_name", connectionId = "connection_id" }
    }
}
