import Foundation
import RLCMFormat
import RLCMAPI
import RLCMKit

/// Reads through the API what a plan needs of a remote workspace and writes it as a
/// `WorkspaceSnapshot`: the target project's files byte for byte (exported, as the platform's
/// own pull reads them), every recipe with its code and running state, every connection, and
/// the custom connectors with their released version (and code, for those the package carries).
/// Nothing is changed on the remote but the export manifest and job an export leaves.
struct RemoteSnapshotReader {
    let connection: APIConnection
    let status: (any StatusSink)?

    /// What was read, before any of it is written.
    struct Reading {
        var user: API.User
        var tree: FolderTree
        var recipes: [API.Recipe] = []
        var connections: [API.Connection] = []
        /// Per project: the assets its export would carry, as `folder_assets` lists them.
        var assets: [String: [API.FolderAsset]] = [:]
        /// `type id` → the file name the platform's export gives the asset, from `assets`.
        var fileNames: [String: String] = [:]
        var connectors: [SnapshotConnector] = []
    }

    struct SnapshotConnector {
        var state: WorkspaceSnapshot.ConnectorState
        var slug: String
    }

    /// The snapshot at `root`, for planning an import of a package carrying connectors titled
    /// `carried` and reading the properties `reads` into `project`; `scratch` is a folder for the
    /// export's download.
    func snapshot(at root: String, project: String, carried: Set<String>, reads: [InspectReport.PropertyRead],
                  scratch: String) async throws -> WorkspaceSnapshot {
        var reading = try await read(carried: carried)
        let snapshot = try WorkspaceSnapshot(at: root, name: reading.user.name, createdAt: reading.user.createdAt)
        for path in reading.tree.paths.values.sorted() where !path.isEmpty { try snapshot.addFolder(path) }
        if let projectId = reading.tree.id(of: project), hasContent(project, projectId, reading) {
            let package = "\(scratch)/target.zip"
            try await connection.exportFolder(projectId, name: "rlcm plan: \(project)", to: package, status: status)
            try snapshot.unpack(package: package, exportedFrom: project)
        }
        reading.recipes.sort { $0.id < $1.id }
        let running = try writeRecipes(reading, into: snapshot)
        try writeConnections(reading, into: snapshot)
        try writeOtherAssets(reading, into: snapshot)
        for connector in reading.connectors { try snapshot.addConnector(connector.state) }
        try await setProperties(reads, project: project, projectId: reading.tree.id(of: project), in: snapshot)
        try snapshot.setRunning(running)
        status?.clear()
        return snapshot
    }

    // MARK: - Reading

    private func read(carried: Set<String>) async throws -> Reading {
        status?.show("reading the remote workspace")
        let user = try await connection.get(API.User.self, "/api/users/me")
        var reading = Reading(user: user, tree: try await FolderTree.read(connection, rootId: user.rootFolderId, status: status))
        reading.recipes = try await recipes(reading.tree)
        status?.show("reading connections")
        reading.connections = try await connection.get([API.Connection].self, "/api/connections")
        for project in reading.tree.projects {
            status?.show("reading the assets of '\(project)'")
            reading.assets[project] = try await folderAssets(reading.tree.id(of: project)!)
        }
        reading.fileNames = Dictionary(reading.assets.values.joined().map { ("\($0.type) \($0.id)", ($0.zipName as NSString).lastPathComponent) },
                                       uniquingKeysWith: { first, _ in first })
        reading.connectors = try await connectors(carried: carried)
        return reading
    }

    /// Every recipe with its code, folder by folder from the root. A folder's answer that holds
    /// recipes of its subfolders (rlcm serve lists a folder's subtree) covers them; else the
    /// subfolders are asked one by one (the platform may list a folder's own recipes only).
    private func recipes(_ tree: FolderTree) async throws -> [API.Recipe] {
        var found: [Int: API.Recipe] = [:]
        var pending = [tree.rootId]
        while let folder = pending.popLast() {
            status?.show("reading recipes: \(found.count)")
            let listed = try await connection.pages("/api/recipes", query: [("folder_id", String(folder))]) {
                try JSONDecoder().decode(API.RecipeList.self, from: $0).items
            }
            for recipe in listed { found[recipe.id] = recipe }
            let below = Set(tree.descendants(of: folder))
            if !listed.contains(where: { below.contains($0.folderId) }) { pending += tree.children(of: folder) }
        }
        return Array(found.values)
    }

    /// What an export of the folder carries; none when the remote cannot export it (an empty folder).
    private func folderAssets(_ folderId: Int) async throws -> [API.FolderAsset] {
        do {
            return try await connection.get(API.FolderAssets.self, "/api/export_manifests/folder_assets",
                                            query: [("folder_id", String(folderId))]).result.assets
        } catch RemoteError.status(code: 400, _, _, _), RemoteError.status(code: 404, _, _, _) {
            return []
        }
    }

    /// The released connectors, and those the package carries found by title (a connector never
    /// released is not in the list), with the code of their released version.
    private func connectors(carried: Set<String>) async throws -> [SnapshotConnector] {
        status?.show("reading custom connectors")
        var result: [SnapshotConnector] = []
        for listed in try await connection.get(API.CustomConnectorList.self, "/api/custom_connectors").result where !carried.contains(listed.title) {
            result.append(SnapshotConnector(state: .init(
                id: listed.id, title: listed.title, providerKey: listed.name, latestVersion: listed.latestReleasedVersion,
                releasedVersion: listed.latestReleasedVersion, versions: Self.versions(listed.releasedVersions), releasedCode: nil),
                                            slug: Connector.slug(listed.title)))
        }
        for title in carried.sorted() {
            let detail: API.CustomConnectorDetail
            do {
                detail = try await connection.get(API.CustomConnectorDetail.self, "/api/custom_connectors/search", query: [("title", title)])
            } catch RemoteError.status(code: 404, _, _, _) {
                continue
            }
            let code = detail.latestReleasedVersion == nil ? nil
                : try await connection.get(API.ConnectorCode.self, "/api/custom_connectors/\(detail.id)/code").data.code
            result.append(SnapshotConnector(state: .init(
                id: detail.id, title: detail.title, providerKey: detail.name, latestVersion: detail.latestVersion,
                releasedVersion: detail.latestReleasedVersion, versions: Self.versions(detail.releasedVersions),
                releasedCode: code.map { Array($0.utf8) }), slug: Connector.slug(detail.title)))
        }
        return result
    }

    private static func versions(_ listed: [API.ConnectorVersion]) -> [WorkspaceSnapshot.ConnectorState.Version] {
        listed.map { .init(number: $0.version, note: $0.versionNote, createdAt: $0.createdAt) }
    }

    /// Whether the project holds anything an export would carry.
    private func hasContent(_ project: String, _ projectId: Int, _ reading: Reading) -> Bool {
        let folders = Set([projectId] + reading.tree.descendants(of: projectId))
        return !(reading.assets[project] ?? []).isEmpty || reading.recipes.contains { folders.contains($0.folderId) }
            || reading.connections.contains { folders.contains($0.folderId) }
    }

    /// The values the remote has for the properties the package reads and those its export
    /// names (which carries no values), asked for by prefix (the platform requires one): one
    /// request for each group of names that share their first character.
    private func setProperties(_ reads: [InspectReport.PropertyRead], project: String, projectId: Int?, in snapshot: WorkspaceSnapshot) async throws {
        for kind in PropertyUse.Kind.allCases {
            let owner = kind == .account ? nil : project
            let scope = kind == .account ? [] : projectId.map { [("project_id", String($0))] }
            let names = Set(reads.filter { $0.type == kind }.map(\.name)).union(try snapshot.propertyNames(project: owner))
            guard !names.isEmpty, let scope else { continue }
            status?.show("reading \(kind == .account ? "account" : "project") properties")
            var values: [String: String] = [:]
            for group in Dictionary(grouping: names, by: \.first).values {
                let listed = try await connection.get([String: String].self, "/api/properties", query: [("prefix", Self.commonPrefix(group))] + scope)
                for name in group { values[name] = listed[name] }
            }
            try snapshot.setProperties(values, project: owner)
        }
    }

    static func commonPrefix(_ names: [String]) -> String {
        names.dropFirst().reduce(names.first ?? "") { prefix, name in String(prefix.commonPrefix(with: name)) }
    }

    // MARK: - Writing

    /// Where an asset of a folder lives: its folder's path and the file name the platform's
    /// export gives it (`folder_assets`), else one made from its name as the platform makes them.
    private func path(of id: Int, type: AssetType, name: String, folderId: Int, _ reading: Reading) -> String? {
        guard let folder = reading.tree.paths[folderId] else { return nil }
        let file = reading.fileNames["\(type) \(id)"] ?? "\(Connector.slug(name)).\(type).json"
        return folder.isEmpty ? file : "\(folder)/\(file)"
    }

    /// Recipes not exported come from their API form: name, description, version, the step tree
    /// and the connectors each step and `config` entry uses. Returns the paths of running recipes.
    private func writeRecipes(_ reading: Reading, into snapshot: WorkspaceSnapshot) throws -> [String] {
        var running: [String] = []
        for recipe in reading.recipes {
            guard let path = path(of: recipe.id, type: AssetType.recipe, name: recipe.name, folderId: recipe.folderId, reading) else { continue }
            if recipe.running { running.append(path) }
            let code: JSONValue
            do { code = try JSONParser.parse(Array(recipe.code.utf8), file: "recipe \(recipe.id) code") } catch {
                throw RemoteError.badAnswer(path: "/api/recipes", detail: "recipe \(recipe.id)'s code is not JSON: \(error)")
            }
            let config = recipe.config.map { item in
                JSONValue.object(JSONObject([("keyword", .string(item.keyword)), ("name", .string(item.name)), ("provider", .string(item.provider)),
                                             ("skip_validation", .bool(item.skipValidation))]))
            }
            var members: [(String, JSONValue)] = [("name", .string(recipe.name))]
            if !recipe.description.isEmpty { members.append(("description", .string(recipe.description))) }
            members += [("version", .number(String(recipe.versionNo))), ("code", code), ("config", .array(config))]
            try snapshot.addFile(path, JSONWriter.pretty(.object(JSONObject(members))) + [0x0A])
        }
        return running
    }

    /// Connections not exported: their name and provider (a custom connector's by title, as
    /// workspace files name it). They carry no credentials, in a workspace or through the API.
    private func writeConnections(_ reading: Reading, into snapshot: WorkspaceSnapshot) throws {
        let connectors = Dictionary(reading.connectors.map { ($0.state.providerKey, $0) }, uniquingKeysWith: { first, _ in first })
        for connection in reading.connections.sorted(by: { $0.id < $1.id }) {
            guard let path = path(of: connection.id, type: AssetType.connection, name: connection.name, folderId: connection.folderId,
                                  reading) else { continue }
            let provider = connection.provider ?? connection.application
            let named: JSONValue = connectors[provider].map { connector in
                .object(JSONObject([("zip_name", .string("\(connector.slug).\(AssetType.customAdapter).json")),
                                    ("name", .string(connector.state.title)), ("folder", .string(""))]))
            } ?? .string(provider)
            let document = JSONObject([("name", .string(connection.name)), ("provider", named), ("root_folder", .bool(false))])
            try snapshot.addFile(path, JSONWriter.pretty(.object(document)) + [0x0A])
        }
    }

    /// The other assets the projects hold (lookup tables, API endpoints, ...) are known only by
    /// name and place: they are written as placeholders, so that references to them resolve.
    private func writeOtherAssets(_ reading: Reading, into snapshot: WorkspaceSnapshot) throws {
        let skipped: Set<AssetType> = [AssetType.recipe, AssetType.connection, AssetType.customAdapter]
        for (project, assets) in reading.assets.sorted(by: { $0.key < $1.key }) {
            for asset in assets where !skipped.contains(asset.type) {
                let placeholder = JSONObject([("name", .string(asset.name))])
                try snapshot.addFile(try snapshot.path(of: asset.zipName, exportedFrom: project), JSONWriter.pretty(.object(placeholder)) + [0x0A])
            }
        }
    }
}
