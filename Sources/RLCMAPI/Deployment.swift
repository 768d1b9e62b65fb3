import RLCMFormat

extension API {
    /// Where the platform deploys a project build: `test` or `prod` (development is where builds
    /// are made, never what a deployment goes to).
    public enum EnvironmentType: String, Codable, Sendable, CaseIterable {
        case test, prod
    }

    /// Where a deployment is; CI scripts poll until it is no longer `pending`.
    public enum DeploymentState: String, Codable, Sendable, CaseIterable {
        case pending, success, failed
    }

    /// A deployment (`GET /api/deployments/:id`, and the items of `GET /api/deployments`).
    public struct Deployment: Codable, Sendable, Equatable {
        public var id: Int
        public var createdAt: String
        public var updatedAt: String
        /// Optional on the platform (a deploy request may leave it out).
        @Nullable public var description: String?
        @Nullable public var projectBuildId: Int?
        public var environmentType: EnvironmentType
        /// The project's id as a string, as the platform sends it.
        public var projectId: String
        public var state: DeploymentState
        public var performedByName: String
        public init(id: Int, createdAt: String, updatedAt: String, description: String? = nil, projectBuildId: Int? = nil,
                    environmentType: EnvironmentType, projectId: String, state: DeploymentState, performedByName: String) {
            self.id = id
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.description = description
            self.projectBuildId = projectBuildId
            self.environmentType = environmentType
            self.projectId = projectId
            self.state = state
            self.performedByName = performedByName
        }

        enum CodingKeys: String, CodingKey {
            case id, createdAt = "created_at", updatedAt = "updated_at", description, projectBuildId = "project_build_id"
            case environmentType = "environment_type", projectId = "project_id", state, performedByName = "performed_by_name"
        }
    }

    public struct DeploymentList: Codable, Sendable, Equatable {
        public var items: [Deployment]
        public init(items: [Deployment]) {
            self.items = items
        }
    }
}
