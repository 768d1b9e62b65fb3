import Foundation
import RLCMAPI
import RLCMFormat
import RLCMKit

/// How workspace files become the API's recipes and connections. The files hold what a package
/// holds (a connection is referred to as `{zip_name, name, folder}`, a custom connector by title);
/// the API speaks in ids and provider names, so references are resolved here.
extension WorkspaceView {
    /// The user every recipe is said to be made by: the workspace itself.
    static let userId = 1

    func apiRecipe(_ path: String, id: Int, running: Bool, lookup: ReferenceLookup, connectionIds: [String: Int],
                   excludeCode: Bool = false) throws -> API.Recipe {
        let document = try document(path)
        let code = document["code"] ?? .object(JSONObject())
        var steps: [(keyword: String, provider: String)] = []
        Self.collectSteps(code, into: &steps)
        let trigger = steps.first { $0.keyword == "trigger" }?.provider
        let actions = Self.unique(steps.filter { $0.keyword == "action" }.map(\.provider))
        let config = (document["config"]?.arrayValue ?? []).compactMap { item -> API.RecipeConfig? in
            guard let provider = item["provider"]?.stringValue else { return nil }
            let account = item["account_id"]?.objectValue
            let connection = account.flatMap { account in
                account["zip_name"]?.stringValue.flatMap { lookup.file(zipName: $0, name: account["name"]?.stringValue, from: path) }
            }
            return API.RecipeConfig(keyword: item["keyword"]?.stringValue ?? "application", name: item["name"]?.stringValue ?? provider,
                                    provider: provider, skipValidation: item["skip_validation"]?.boolValue ?? false,
                                    accountId: connection.flatMap { connectionIds[$0] })
        }
        let (created, updated) = try timestamps(path)
        let settings = workspace.settings
        return API.Recipe(
            id: id, userId: Self.userId, name: document["name"]?.stringValue ?? Self.stem(path), createdAt: created, updatedAt: updated,
            copyCount: 0, triggerApplication: trigger, actionApplications: actions, applications: Self.unique(steps.map(\.provider)),
            description: document["description"]?.stringValue ?? "",
            parametersSchema: document["parameters_schema"]?.arrayValue ?? [],
            parameters: document["parameters"]?.objectValue ?? JSONObject(),
            webhookUrl: nil, folderId: folderIds[Workspace.parent(of: path)]!, running: running,
            jobSucceededCount: 0, jobFailedCount: 0, lifetimeTaskCount: 0, versionNo: document["version"]?.intValue ?? 0,
            stopCause: nil, config: config, triggerClosure: nil,
            code: excludeCode ? "" : String(decoding: JSONWriter.compact(code), as: UTF8.self),
            authorName: settings.name, versionAuthorName: settings.name, versionAuthorEmail: settings.email ?? "", versionComment: nil)
    }

    /// The store's connectors by title: how connection files name them.
    func connectorsByTitle() throws -> [String: Connector] {
        Dictionary(try session.connectors.all().map { ($0.title, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func apiConnection(_ path: String, id: Int, connectors: [String: Connector]) throws -> API.Connection {
        let document = try document(path)
        // A custom connector's connection names it by title; the API names it by provider key.
        let provider = document["provider"].flatMap { value -> String? in
            if let name = value.stringValue { return name }
            guard let title = value["name"]?.stringValue else { return nil }
            return connectors[title]?.providerKey ?? Connector.slug(title)
        }
        let (created, updated) = try timestamps(path)
        let tags = document["tags"]?.arrayValue?.compactMap(\.stringValue)
        return API.Connection(
            id: id, application: provider ?? "unknown", name: document["name"]?.stringValue ?? Self.stem(path),
            description: document["description"]?.stringValue, authorizedAt: nil, authorizationStatus: nil, authorizationError: nil,
            createdAt: created, updatedAt: updated, externalId: nil, folderId: folderIds[Workspace.parent(of: path)]!, connectionLostAt: nil,
            connectionLostReason: nil, parentId: nil, provider: provider, tags: tags)
    }

    /// The connectors a recipe uses, by the names the API gives them: each step's provider, then
    /// each `config[]` entry's, without repeats. What `adapter_names_any`/`_all` filter on.
    func providers(ofRecipe path: String) throws -> [String] {
        let document = try document(path)
        var steps: [(keyword: String, provider: String)] = []
        Self.collectSteps(document["code"] ?? .object(JSONObject()), into: &steps)
        return Self.unique(steps.map(\.provider) + (document["config"]?.arrayValue ?? []).compactMap { $0["provider"]?.stringValue })
    }

    /// Every step's keyword and provider, depth first (a recipe's `code` is a tree of `block`s).
    private static func collectSteps(_ node: JSONValue, into steps: inout [(keyword: String, provider: String)]) {
        if let keyword = node["keyword"]?.stringValue, let provider = node["provider"]?.stringValue { steps.append((keyword, provider)) }
        for child in node["block"]?.arrayValue ?? [] { collectSteps(child, into: &steps) }
    }

    /// `names` without repeats, in the order they first come.
    static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// `new_order` for `orders/new_order.recipe.json`.
    static func stem(_ path: String) -> String {
        String(name(of: path).split(separator: ".").first ?? "")
    }
}
