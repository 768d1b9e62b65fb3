import RLCMFormat
/// The answers and request bodies of the Developer API, field for field as
/// `Schemas/workato-api.openapi.yaml` describes them (tests validate every answer against it).
/// A key is sent as `null` (`@Nullable`) only where the official client's model makes it
/// nullable; any other optional key is left out when it has no value.
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
        public init(id: Int, name: String, email: String, createdAt: String, planId: String, currentBillingPeriodStart: String,
                    currentBillingPeriodEnd: String, recipesCount: Int, activeRecipesCount: Int, companyName: String? = nil,
                    location: String? = nil, rootFolderId: Int) {
            self.id = id
            self.name = name
            self.email = email
            self.createdAt = createdAt
            self.planId = planId
            self.currentBillingPeriodStart = currentBillingPeriodStart
            self.currentBillingPeriodEnd = currentBillingPeriodEnd
            self.recipesCount = recipesCount
            self.activeRecipesCount = activeRecipesCount
            self.companyName = companyName
            self.location = location
            self.rootFolderId = rootFolderId
        }

        enum CodingKeys: String, CodingKey {
            case id, name, email, createdAt = "created_at", planId = "plan_id", currentBillingPeriodStart = "current_billing_period_start"
            case currentBillingPeriodEnd = "current_billing_period_end", recipesCount = "recipes_count"
            case activeRecipesCount = "active_recipes_count", companyName = "company_name", location, rootFolderId = "root_folder_id"
        }
    }

    /// `description` is optional and not nullable: left out when the project has none, never `null`.
    public struct Project: Codable, Sendable, Equatable {
        public var id: Int
        public var name: String
        public var folderId: Int
        public var description: String?
        public init(id: Int, name: String, folderId: Int, description: String? = nil) {
            self.id = id
            self.name = name
            self.folderId = folderId
            self.description = description
        }

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
        public init(id: Int, name: String, parentId: Int? = nil, isProject: Bool, projectId: Int? = nil, createdAt: String,
                    updatedAt: String) {
            self.id = id
            self.name = name
            self.parentId = parentId
            self.isProject = isProject
            self.projectId = projectId
            self.createdAt = createdAt
            self.updatedAt = updatedAt
        }

        enum CodingKeys: String, CodingKey {
            case id, name, parentId = "parent_id", isProject = "is_project", projectId = "project_id"
            case createdAt = "created_at", updatedAt = "updated_at"
        }
    }

    public struct FolderAsset: Codable, Sendable, Equatable {
        public var id: Int
        public var name: String
        public var type: AssetType
        /// Optional, not nullable: left out for assets without a version.
        public var version: Int?
        public var folder: String
        public var absolutePath: String
        public var rootFolder: Bool
        public var unreachable: Bool
        public var zipName: String
        public var checked: Bool
        public var status: String
        public init(id: Int, name: String, type: AssetType, version: Int? = nil, folder: String, absolutePath: String, rootFolder: Bool,
                    unreachable: Bool, zipName: String, checked: Bool, status: String) {
            self.id = id
            self.name = name
            self.type = type
            self.version = version
            self.folder = folder
            self.absolutePath = absolutePath
            self.rootFolder = rootFolder
            self.unreachable = unreachable
            self.zipName = zipName
            self.checked = checked
            self.status = status
        }

        enum CodingKeys: String, CodingKey {
            case id, name, type, version, folder, absolutePath = "absolute_path", rootFolder = "root_folder", unreachable
            case zipName = "zip_name", checked, status
        }
    }

    public struct FolderAssets: Codable, Sendable, Equatable {
        public struct Result: Codable, Sendable, Equatable {
            public var assets: [FolderAsset]
            public init(assets: [FolderAsset]) {
                self.assets = assets
            }
        }
        public var result: Result

        public init(result: Result) {
            self.result = result
        }
    }

    /// What `POST /api/export_manifests` and `PUT /api/export_manifests/:id` take.
    public struct ManifestRequest: Codable, Sendable, Equatable {
        public struct Body: Codable, Sendable, Equatable {
            public struct AssetReference: Codable, Sendable, Equatable {
                public var id: Int
                public var type: AssetType
                public var checked: Bool?

                public init(id: Int, type: AssetType, checked: Bool? = nil) {
                    self.id = id
                    self.type = type
                    self.checked = checked
                }
            }
            public var name: String
            public var folderId: Int
            public var assets: [AssetReference]?
            public var autoGenerateAssets: Bool?
            public var includeTestCases: Bool?
            public var includeData: Bool?
            public var includeTags: Bool?
            public init(name: String, folderId: Int, assets: [AssetReference]? = nil, autoGenerateAssets: Bool? = nil,
                        includeTestCases: Bool? = nil, includeData: Bool? = nil, includeTags: Bool? = nil) {
                self.name = name
                self.folderId = folderId
                self.assets = assets
                self.autoGenerateAssets = autoGenerateAssets
                self.includeTestCases = includeTestCases
                self.includeData = includeData
                self.includeTags = includeTags
            }

            enum CodingKeys: String, CodingKey {
                case name, folderId = "folder_id", assets, autoGenerateAssets = "auto_generate_assets"
                case includeTestCases = "include_test_cases", includeData = "include_data", includeTags = "include_tags"
            }
        }
        public var exportManifest: Body
        public init(exportManifest: Body) {
            self.exportManifest = exportManifest
        }

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
        public init(id: Int, name: String, lastExportedAt: String? = nil, createdAt: String, updatedAt: String, deletedAt: String? = nil,
                    projectPath: String, status: String) {
            self.id = id
            self.name = name
            self.lastExportedAt = lastExportedAt
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.deletedAt = deletedAt
            self.projectPath = projectPath
            self.status = status
        }

        enum CodingKeys: String, CodingKey {
            case id, name, lastExportedAt = "last_exported_at", createdAt = "created_at", updatedAt = "updated_at"
            case deletedAt = "deleted_at", projectPath = "project_path", status
        }
    }

    public struct ManifestResponse: Codable, Sendable, Equatable {
        public var result: Manifest
        public init(result: Manifest) {
            self.result = result
        }
    }

    public struct ExportJob: Codable, Sendable, Equatable {
        public var id: Int
        public var operationType: JobOperation
        public var status: JobStatus
        public var exportManifestId: Int
        /// Optional, not nullable in the official client's model: left out until the zip is there.
        public var downloadUrl: String?
        public init(id: Int, operationType: JobOperation, status: JobStatus, exportManifestId: Int, downloadUrl: String? = nil) {
            self.id = id
            self.operationType = operationType
            self.status = status
            self.exportManifestId = exportManifestId
            self.downloadUrl = downloadUrl
        }

        enum CodingKeys: String, CodingKey {
            case id, operationType = "operation_type", status, exportManifestId = "export_manifest_id", downloadUrl = "download_url"
        }
    }

    public struct ImportJob: Codable, Sendable, Equatable {
        public var id: Int
        public var operationType: JobOperation
        public var status: JobStatus
        public init(id: Int, operationType: JobOperation, status: JobStatus) {
            self.id = id
            self.operationType = operationType
            self.status = status
        }

        enum CodingKeys: String, CodingKey { case id, operationType = "operation_type", status }
    }

    public struct RecipeImportStatus: Codable, Sendable, Equatable {
        public var id: Int
        public var importResult: String
        public init(id: Int, importResult: String) {
            self.id = id
            self.importResult = importResult
        }

        enum CodingKeys: String, CodingKey { case id, importResult = "import_result" }
    }

    public struct PackageDetails: Codable, Sendable, Equatable {
        public var id: Int
        public var operationType: JobOperation
        public var status: JobStatus
        /// An export's manifest; left out for an import (optional, not nullable).
        public var exportManifestId: Int?
        @Nullable public var downloadUrl: String?
        /// Left out unless the job failed (optional, not nullable).
        public var error: String?
        /// An import's recipes, once it is done; left out otherwise (optional, not nullable).
        public var recipeStatus: [RecipeImportStatus]?
        public init(id: Int, operationType: JobOperation, status: JobStatus, exportManifestId: Int? = nil, downloadUrl: String? = nil,
                    error: String? = nil, recipeStatus: [RecipeImportStatus]? = nil) {
            self.id = id
            self.operationType = operationType
            self.status = status
            self.exportManifestId = exportManifestId
            self.downloadUrl = downloadUrl
            self.error = error
            self.recipeStatus = recipeStatus
        }

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
        public init(keyword: String, name: String, provider: String, skipValidation: Bool, accountId: Int? = nil) {
            self.keyword = keyword
            self.name = name
            self.provider = provider
            self.skipValidation = skipValidation
            self.accountId = accountId
        }

        enum CodingKeys: String, CodingKey { case keyword, name, provider, skipValidation = "skip_validation", accountId = "account_id" }
    }

    public struct Recipe: Codable, Sendable, Equatable {
        public var id: Int
        public var userId: Int
        public var name: String
        public var createdAt: String
        public var updatedAt: String
        public var copyCount: Int
        /// Left out when the recipe has no trigger (optional, not nullable).
        public var triggerApplication: String?
        public var actionApplications: [String]
        public var applications: [String]
        public var description: String
        public var parametersSchema: [JSONValue]
        public var parameters: JSONObject
        @Nullable public var webhookUrl: String?
        public var folderId: Int
        public var running: Bool
        public var jobSucceededCount: Int
        public var jobFailedCount: Int
        public var lifetimeTaskCount: Int
        public var versionNo: Int
        @Nullable public var stopCause: String?
        public var config: [RecipeConfig]
        @Nullable public var triggerClosure: JSONValue?
        /// The step tree as JSON text, as the platform sends it.
        public var code: String
        public var authorName: String
        public var versionAuthorName: String
        public var versionAuthorEmail: String
        @Nullable public var versionComment: String?
        public init(id: Int, userId: Int, name: String, createdAt: String, updatedAt: String, copyCount: Int,
                    triggerApplication: String? = nil, actionApplications: [String], applications: [String], description: String,
                    parametersSchema: [JSONValue], parameters: JSONObject, webhookUrl: String? = nil, folderId: Int, running: Bool,
                    jobSucceededCount: Int, jobFailedCount: Int, lifetimeTaskCount: Int, versionNo: Int, stopCause: String? = nil,
                    config: [RecipeConfig], triggerClosure: JSONValue? = nil, code: String, authorName: String, versionAuthorName: String,
                    versionAuthorEmail: String, versionComment: String? = nil) {
            self.id = id
            self.userId = userId
            self.name = name
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.copyCount = copyCount
            self.triggerApplication = triggerApplication
            self.actionApplications = actionApplications
            self.applications = applications
            self.description = description
            self.parametersSchema = parametersSchema
            self.parameters = parameters
            self.webhookUrl = webhookUrl
            self.folderId = folderId
            self.running = running
            self.jobSucceededCount = jobSucceededCount
            self.jobFailedCount = jobFailedCount
            self.lifetimeTaskCount = lifetimeTaskCount
            self.versionNo = versionNo
            self.stopCause = stopCause
            self.config = config
            self.triggerClosure = triggerClosure
            self.code = code
            self.authorName = authorName
            self.versionAuthorName = versionAuthorName
            self.versionAuthorEmail = versionAuthorEmail
            self.versionComment = versionComment
        }

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

    public struct RecipeList: Codable, Sendable, Equatable {
        public var items: [Recipe]
        public init(items: [Recipe]) {
            self.items = items
        }
    }

    public struct StartResult: Codable, Sendable, Equatable {
        public var success: Bool
        public var codeErrors: [[JSONValue]]?
        public var configErrors: [[JSONValue]]?
        public init(success: Bool, codeErrors: [[JSONValue]]? = nil, configErrors: [[JSONValue]]? = nil) {
            self.success = success
            self.codeErrors = codeErrors
            self.configErrors = configErrors
        }

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
        /// Optional, not nullable: left out when the connection names no provider.
        public var provider: String?
        @Nullable public var tags: [String]?
        public init(id: Int, application: String, name: String, description: String? = nil, authorizedAt: String? = nil,
                    authorizationStatus: String? = nil, authorizationError: String? = nil, createdAt: String, updatedAt: String,
                    externalId: String? = nil, folderId: Int, connectionLostAt: String? = nil, connectionLostReason: String? = nil,
                    parentId: Int? = nil, provider: String? = nil, tags: [String]? = nil) {
            self.id = id
            self.application = application
            self.name = name
            self.description = description
            self.authorizedAt = authorizedAt
            self.authorizationStatus = authorizationStatus
            self.authorizationError = authorizationError
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.externalId = externalId
            self.folderId = folderId
            self.connectionLostAt = connectionLostAt
            self.connectionLostReason = connectionLostReason
            self.parentId = parentId
            self.provider = provider
            self.tags = tags
        }

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
        public init(version: Int, versionNote: String? = nil, createdAt: String, releasedAt: String) {
            self.version = version
            self.versionNote = versionNote
            self.createdAt = createdAt
            self.releasedAt = releasedAt
        }

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
        public init(id: Int, name: String, title: String, latestReleasedVersion: Int, latestReleasedVersionNote: String? = nil,
                    releasedVersions: [ConnectorVersion], staticWebhookUrl: String? = nil) {
            self.id = id
            self.name = name
            self.title = title
            self.latestReleasedVersion = latestReleasedVersion
            self.latestReleasedVersionNote = latestReleasedVersionNote
            self.releasedVersions = releasedVersions
            self.staticWebhookUrl = staticWebhookUrl
        }

        enum CodingKeys: String, CodingKey {
            case id, name, title, latestReleasedVersion = "latest_released_version", latestReleasedVersionNote = "latest_released_version_note"
            case releasedVersions = "released_versions", staticWebhookUrl = "static_webhook_url"
        }
    }

    public struct CustomConnectorList: Codable, Sendable, Equatable {
        public var result: [CustomConnector]
        public init(result: [CustomConnector]) {
            self.result = result
        }
    }

    public struct ConnectorCode: Codable, Sendable, Equatable {
        public struct Data: Codable, Sendable, Equatable {
            public var code: String
            public init(code: String) {
                self.code = code
            }
        }
        public var data: Data

        public init(data: Data) {
            self.data = data
        }
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
        public init(id: Int, name: String, title: String, latestVersion: Int, latestVersionNote: String? = nil,
                    latestReleasedVersion: Int? = nil, latestReleasedVersionNote: String? = nil, latestSharedVersion: Int? = nil,
                    latestSharedVersionNote: String? = nil, releasedVersions: [ConnectorVersion]) {
            self.id = id
            self.name = name
            self.title = title
            self.latestVersion = latestVersion
            self.latestVersionNote = latestVersionNote
            self.latestReleasedVersion = latestReleasedVersion
            self.latestReleasedVersionNote = latestReleasedVersionNote
            self.latestSharedVersion = latestSharedVersion
            self.latestSharedVersionNote = latestSharedVersionNote
            self.releasedVersions = releasedVersions
        }

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

        public init(title: String? = nil, description: String? = nil, code: String? = nil, note: String? = nil, logo: String? = nil) {
            self.title = title
            self.description = description
            self.code = code
            self.note = note
            self.logo = logo
        }
    }

    public struct ShareRequest: Codable, Sendable, Equatable {
        public var version: Int?
        public init(version: Int? = nil) {
            self.version = version
        }
    }

    /// A connector the workspace's recipes use that is not a custom connector, known by its name
    /// alone: rlcm holds no catalogue of the platform's connectors, so `triggers` and `actions`
    /// are empty (the official client then checks no step names against them).
    public struct PlatformConnector: Codable, Sendable, Equatable {
        public var name: String
        public var title: String
        public var categories: [String]
        public var oauth: Bool
        public var deprecated: Bool
        public var secondary: Bool
        public var triggers: [JSONValue]
        public var actions: [JSONValue]
        public init(name: String, title: String, categories: [String] = [], oauth: Bool = false, deprecated: Bool = false,
                    secondary: Bool = false, triggers: [JSONValue] = [], actions: [JSONValue] = []) {
            self.name = name
            self.title = title
            self.categories = categories
            self.oauth = oauth
            self.deprecated = deprecated
            self.secondary = secondary
            self.triggers = triggers
            self.actions = actions
        }
    }

    public struct PlatformConnectorList: Codable, Sendable, Equatable {
        public var items: [PlatformConnector]
        public var count: Int
        public var page: Int
        public var perPage: Int
        public init(items: [PlatformConnector], count: Int, page: Int, perPage: Int) {
            self.items = items
            self.count = count
            self.page = page
            self.perPage = perPage
        }

        enum CodingKeys: String, CodingKey { case items, count, page, perPage = "per_page" }
    }

    public struct Success: Codable, Sendable, Equatable {
        public var success: Bool
        public init(success: Bool) {
            self.success = success
        }
    }

    public struct CreateFolderRequest: Codable, Sendable, Equatable {
        public var name: String
        /// An integer, or its digits as a string (the official client's model says string).
        public var parentId: JSONValue?
        public init(name: String, parentId: JSONValue? = nil) {
            self.name = name
            self.parentId = parentId
        }

        enum CodingKeys: String, CodingKey { case name, parentId = "parent_id" }
    }
}
