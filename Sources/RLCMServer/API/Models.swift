import RLCMFormat
/// The answers and request bodies of the Developer API, field for field as
/// `Schemas/workato-api.openapi.yaml` describes them (tests validate every answer against it).
/// Shared with the API's clients: decoding one of these is reading the platform's answer.
public enum API {
    public struct User: Codable, Sendable, Equatable {
        public var id: Int
        public var name: String
        public var email: String
        public var createdAt: String
        public var planId: String
        public var currentBillingPeriodStart: String
        public var currentBillingPeriodEnd: String
        public var recipesCount: Int
        public var activeRecipesCount: Int
        @Nullable public var companyName: String?
        @Nullable public var location: String?
        public var rootFolderId: Int
        enum CodingKeys: String, CodingKey {
            case id, name, email, createdAt = "created_at", planId = "plan_id", currentBillingPeriodStart = "current_billing_period_start"
            case currentBillingPeriodEnd = "current_billing_period_end", recipesCount = "recipes_count"
            case activeRecipesCount = "active_recipes_count", companyName = "company_name", location, rootFolderId = "root_folder_id"
        }
    }

    public struct Project: Codable, Sendable, Equatable {
        public var id: Int
        public var name: String
        public var folderId: Int
        @Nullable public var description: String?
        enum CodingKeys: String, CodingKey { case id, name, folderId = "folder_id", description }
    }

    public struct Folder: Codable, Sendable, Equatable {
        public var id: Int
        public var name: String
        @Nullable public var parentId: Int?
        public var isProject: Bool
        @Nullable public var projectId: Int?
        public var createdAt: String
        public var updatedAt: String
        enum CodingKeys: String, CodingKey {
            case id, name, parentId = "parent_id", isProject = "is_project", projectId = "project_id"
            case createdAt = "created_at", updatedAt = "updated_at"
        }
    }

    public struct FolderAsset: Codable, Sendable, Equatable {
        public var id: Int
        public var name: String
        public var type: String
        @Nullable public var version: Int?
        public var folder: String
        public var absolutePath: String
        public var rootFolder: Bool
        public var unreachable: Bool
        public var zipName: String
        public var checked: Bool
        public var status: String
        enum CodingKeys: String, CodingKey {
            case id, name, type, version, folder, absolutePath = "absolute_path", rootFolder = "root_folder", unreachable
            case zipName = "zip_name", checked, status
        }
    }

    public struct FolderAssets: Codable, Sendable, Equatable {
        public struct Result: Codable, Sendable, Equatable { public var assets: [FolderAsset] }
        public var result: Result
    }

    /// What `POST /api/export_manifests` and `PUT /api/export_manifests/:id` take.
    public struct ManifestRequest: Codable, Sendable, Equatable {
        public struct Body: Codable, Sendable, Equatable {
            public struct AssetReference: Codable, Sendable, Equatable {
                public var id: Int
                public var type: String
                public var checked: Bool?
            }
            public var name: String
            public var folderId: Int
            public var assets: [AssetReference]?
            public var autoGenerateAssets: Bool?
            public var includeTestCases: Bool?
            public var includeData: Bool?
            public var includeTags: Bool?
            enum CodingKeys: String, CodingKey {
                case name, folderId = "folder_id", assets, autoGenerateAssets = "auto_generate_assets"
                case includeTestCases = "include_test_cases", includeData = "include_data", includeTags = "include_tags"
            }
        }
        public var exportManifest: Body
        enum CodingKeys: String, CodingKey { case exportManifest = "export_manifest" }
    }

    public struct Manifest: Codable, Sendable, Equatable {
        public var id: Int
        public var name: String
        @Nullable public var lastExportedAt: String?
        public var createdAt: String
        public var updatedAt: String
        @Nullable public var deletedAt: String?
        public var projectPath: String
        public var status: String
        enum CodingKeys: String, CodingKey {
            case id, name, lastExportedAt = "last_exported_at", createdAt = "created_at", updatedAt = "updated_at"
            case deletedAt = "deleted_at", projectPath = "project_path", status
        }
    }

    public struct ManifestResponse: Codable, Sendable, Equatable { public var result: Manifest }

    public struct ExportJob: Codable, Sendable, Equatable {
        public var id: Int
        public var operationType: String
        public var status: String
        public var exportManifestId: Int
        @Nullable public var downloadUrl: String?
        enum CodingKeys: String, CodingKey {
            case id, operationType = "operation_type", status, exportManifestId = "export_manifest_id", downloadUrl = "download_url"
        }
    }

    public struct ImportJob: Codable, Sendable, Equatable {
        public var id: Int
        public var operationType: String
        public var status: String
        enum CodingKeys: String, CodingKey { case id, operationType = "operation_type", status }
    }

    public struct RecipeImportStatus: Codable, Sendable, Equatable {
        public var id: Int
        public var importResult: String
        enum CodingKeys: String, CodingKey { case id, importResult = "import_result" }
    }

    public struct PackageDetails: Codable, Sendable, Equatable {
        public var id: Int
        public var operationType: String
        public var status: String
        @Nullable public var exportManifestId: Int?
        @Nullable public var downloadUrl: String?
        @Nullable public var error: String?
        @Nullable public var recipeStatus: [RecipeImportStatus]?
        enum CodingKeys: String, CodingKey {
            case id, operationType = "operation_type", status, exportManifestId = "export_manifest_id", downloadUrl = "download_url"
            case error, recipeStatus = "recipe_status"
        }
    }

    public struct RecipeConfig: Codable, Sendable, Equatable {
        public var keyword: String
        public var name: String
        public var provider: String
        public var skipValidation: Bool
        @Nullable public var accountId: Int?
        enum CodingKeys: String, CodingKey { case keyword, name, provider, skipValidation = "skip_validation", accountId = "account_id" }
    }

    public struct Recipe: Codable, Sendable, Equatable {
        public var id: Int
        public var userId: Int
        public var name: String
        public var createdAt: String
        public var updatedAt: String
        public var copyCount: Int
        @Nullable public var triggerApplication: String?
        public var actionApplications: [String]
        public var applications: [String]
        public var description: String
        public var parametersSchema: [JSONAny]
        public var parameters: [String: JSONAny]
        @Nullable public var webhookUrl: String?
        public var folderId: Int
        public var running: Bool
        public var jobSucceededCount: Int
        public var jobFailedCount: Int
        public var lifetimeTaskCount: Int
        public var versionNo: Int
        @Nullable public var stopCause: String?
        public var config: [RecipeConfig]
        @Nullable public var triggerClosure: JSONAny?
        /// The step tree as JSON text, as the platform sends it.
        public var code: String
        public var authorName: String
        public var versionAuthorName: String
        public var versionAuthorEmail: String
        @Nullable public var versionComment: String?
        enum CodingKeys: String, CodingKey {
            case id, userId = "user_id", name, createdAt = "created_at", updatedAt = "updated_at", copyCount = "copy_count"
            case triggerApplication = "trigger_application", actionApplications = "action_applications", applications, description
            case parametersSchema = "parameters_schema", parameters, webhookUrl = "webhook_url", folderId = "folder_id", running
            case jobSucceededCount = "job_succeeded_count", jobFailedCount = "job_failed_count", lifetimeTaskCount = "lifetime_task_count"
            case versionNo = "version_no", stopCause = "stop_cause", config, triggerClosure = "trigger_closure", code
            case authorName = "author_name", versionAuthorName = "version_author_name", versionAuthorEmail = "version_author_email"
            case versionComment = "version_comment"
        }
    }

    public struct RecipeList: Codable, Sendable, Equatable { public var items: [Recipe] }

    public struct StartResult: Codable, Sendable, Equatable {
        public var success: Bool
        public var codeErrors: [[JSONAny]]?
        public var configErrors: [[JSONAny]]?
        enum CodingKeys: String, CodingKey { case success, codeErrors = "code_errors", configErrors = "config_errors" }
    }

    public struct Connection: Codable, Sendable, Equatable {
        public var id: Int
        public var application: String
        public var name: String
        @Nullable public var description: String?
        @Nullable public var authorizedAt: String?
        @Nullable public var authorizationStatus: String?
        @Nullable public var authorizationError: String?
        public var createdAt: String
        public var updatedAt: String
        @Nullable public var externalId: String?
        public var folderId: Int
        @Nullable public var connectionLostAt: String?
        @Nullable public var connectionLostReason: String?
        @Nullable public var parentId: Int?
        @Nullable public var provider: String?
        @Nullable public var tags: [String]?
        enum CodingKeys: String, CodingKey {
            case id, application, name, description, authorizedAt = "authorized_at", authorizationStatus = "authorization_status"
            case authorizationError = "authorization_error", createdAt = "created_at", updatedAt = "updated_at", externalId = "external_id"
            case folderId = "folder_id", connectionLostAt = "connection_lost_at", connectionLostReason = "connection_lost_reason"
            case parentId = "parent_id", provider, tags
        }
    }

    public struct ConnectorVersion: Codable, Sendable, Equatable {
        public var version: Int
        @Nullable public var versionNote: String?
        public var createdAt: String
        public var releasedAt: String
        enum CodingKeys: String, CodingKey { case version, versionNote = "version_note", createdAt = "created_at", releasedAt = "released_at" }
    }

    public struct CustomConnector: Codable, Sendable, Equatable {
        public var id: Int
        public var name: String
        public var title: String
        public var latestReleasedVersion: Int
        @Nullable public var latestReleasedVersionNote: String?
        public var releasedVersions: [ConnectorVersion]
        @Nullable public var staticWebhookUrl: String?
        enum CodingKeys: String, CodingKey {
            case id, name, title, latestReleasedVersion = "latest_released_version", latestReleasedVersionNote = "latest_released_version_note"
            case releasedVersions = "released_versions", staticWebhookUrl = "static_webhook_url"
        }
    }

    public struct CustomConnectorList: Codable, Sendable, Equatable { public var result: [CustomConnector] }

    public struct ConnectorCode: Codable, Sendable, Equatable {
        public struct Data: Codable, Sendable, Equatable { public var code: String }
        public var data: Data
    }

    public struct CustomConnectorDetail: Codable, Sendable, Equatable {
        public var id: Int
        public var name: String
        public var title: String
        public var latestVersion: Int
        @Nullable public var latestVersionNote: String?
        @Nullable public var latestReleasedVersion: Int?
        @Nullable public var latestReleasedVersionNote: String?
        @Nullable public var latestSharedVersion: Int?
        @Nullable public var latestSharedVersionNote: String?
        public var releasedVersions: [ConnectorVersion]
        enum CodingKeys: String, CodingKey {
            case id, name, title, latestVersion = "latest_version", latestVersionNote = "latest_version_note"
            case latestReleasedVersion = "latest_released_version", latestReleasedVersionNote = "latest_released_version_note"
            case latestSharedVersion = "latest_shared_version", latestSharedVersionNote = "latest_shared_version_note"
            case releasedVersions = "released_versions"
        }
    }

    /// `POST /api/custom_connectors` and `PUT /api/custom_connectors/:id`.
    public struct ConnectorRequest: Codable, Sendable, Equatable {
        public var title: String?
        public var description: String?
        public var code: String?
        public var note: String?
        /// Base64.
        public var logo: String?
    }

    public struct ShareRequest: Codable, Sendable, Equatable { public var version: Int? }

    public struct PlatformConnectorList: Codable, Sendable, Equatable {
        public var items: [JSONAny]
        public var count: Int
        public var page: Int
        public var perPage: Int
        enum CodingKeys: String, CodingKey { case items, count, page, perPage = "per_page" }
    }

    public struct Success: Codable, Sendable, Equatable { public var success: Bool }

    public struct CreateFolderRequest: Codable, Sendable, Equatable {
        public var name: String
        /// An integer, or its digits as a string (the official client's model says string).
        public var parentId: JSONAny?
        enum CodingKeys: String, CodingKey { case name, parentId = "parent_id" }
    }
}
