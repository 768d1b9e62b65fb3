import Foundation
import Hummingbird
import RLCMFormat
import RLCMAPI
import RLCMKit

/// `custom_connectors`: the connector store through `rlcm connector push/release/share`, plus the
/// platform-connector list the official client asks for: the other connectors the workspace's
/// recipes use, by name (rlcm holds no catalogue of the platform's connectors and their actions).
struct ConnectorRoutes {
    let core: ServerCore

    func add(to routes: inout RouteList) {
        routes.on(.get, "/api/custom_connectors") { _, _ in
            let connectors = try await core.read { try $0.session.connectors.all() }
            // The client requires a released version: never-released connectors are found through `search`.
            return try APIJSON.response(API.CustomConnectorList(result: connectors.compactMap(Self.listed)))
        }
        routes.on(.get, "/api/custom_connectors/search") { request, _ in
            guard let title = Query(request).string("title"), !title.isEmpty else { throw APIError.badRequest("title", "is required") }
            return try APIJSON.response(Self.detail(try await connector { $0.first { $0.title == title } }))
        }
        routes.on(.get, "/api/custom_connectors/:id/code") { _, context in
            let id = try context.id()
            let code = try await core.read { view -> String in
                guard let connector = try view.session.connectors.all().first(where: { $0.id == id }) else { throw APIError.notFound }
                return String(decoding: try view.session.connectors.code(of: connector, version: connector.latestVersion), as: UTF8.self)
            }
            return try APIJSON.response(API.ConnectorCode(data: .init(code: code)))
        }
        routes.on(.post, "/api/custom_connectors") { request, _ in
            var request = request
            let body = try await request.decode(API.ConnectorRequest.self, limit: core.limits.maxPackageBytes)
            guard let title = body.title, !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw APIError.badRequest("title", "is required") }
            guard let code = body.code, !code.isEmpty else { throw APIError.badRequest("code", "is required") }
            let logo = try Self.logo(body.logo)
            let exists = try await core.read { view in try view.session.connectors.all().contains { $0.title == title } }
            if exists { throw APIError.badRequest("title", "is taken: a custom connector titled '\(title)' exists") }
            return try await change("serve connector push") {
                _ = try $0.pushConnector(title: title, code: Array(code.utf8), note: body.note, description: .some(body.description),
                                         logo: logo, release: false)
                return title
            }
        }
        routes.on(.put, "/api/custom_connectors/:id") { request, context in
            let current = try await connector(id: try context.id())
            var request = request
            let body = try await request.decode(API.ConnectorRequest.self, limit: core.limits.maxPackageBytes)
            guard body.title == nil || body.title == current.title else { throw APIError.badRequest("title", "cannot be changed") }
            guard let code = body.code, !code.isEmpty else { throw APIError.badRequest("code", "is required") }
            let logo = try Self.logo(body.logo)
            return try await change("serve connector push") {
                _ = try $0.pushConnector(title: current.title, code: Array(code.utf8), note: body.note,
                                         description: body.description.map { .some($0) }, logo: logo, release: false)
                return current.title
            }
        }
        routes.on(.post, "/api/custom_connectors/:id/release") { _, context in
            let current = try await connector(id: try context.id())
            return try await change("serve connector release") { _ = try $0.releaseConnector(title: current.title); return current.title }
        }
        routes.on(.post, "/api/custom_connectors/:id/share") { request, context in
            let current = try await connector(id: try context.id())
            var request = request
            let body = try await request.decode(API.ShareRequest.self, limit: core.limits.maxJSONBytes, emptyIsObject: true)
            return try await change("serve connector share") {
                _ = try $0.shareConnector(title: current.title, version: body.version, library: nil)
                return current.title
            }
        }
        routes.on(.get, "/api/integrations/all") { request, _ in
            let page = try Query(request).page()
            let names = try await core.read { view -> [String] in
                let custom = Set(try view.session.connectors.all().map(\.providerKey))
                var used = Set<String>()
                for recipe in try view.files(ofType: AssetType.recipe) { used.formUnion(try view.providers(ofRecipe: recipe.path)) }
                return used.filter { !custom.contains($0) && !ProviderKey.matches($0) }.sorted()
            }
            return try APIJSON.response(API.PlatformConnectorList(items: names.page(page).map { API.PlatformConnector(name: $0, title: Self.title($0)) },
                                                                  count: names.count, page: page.page, perPage: page.perPage))
        }
    }

    /// `Workato Recipe Function` for `workato_recipe_function`: a readable title where no catalogue gives one.
    static func title(_ name: String) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    private func connector(id: Int) async throws -> Connector {
        try await connector { $0.first { $0.id == id } }
    }

    private func connector(_ pick: @escaping @Sendable ([Connector]) -> Connector?) async throws -> Connector {
        guard let connector = try await core.read({ pick(try $0.session.connectors.all()) }) else { throw APIError.notFound }
        return connector
    }

    /// Runs a connector command; what the library refuses (already released, nothing to share,
    /// no library) is a 400 with its message. Answers with the connector as it is afterwards.
    private func change(_ command: String, _ body: @escaping @Sendable (WorkspaceSession) throws -> String) async throws -> Response {
        let title: String
        do {
            title = try await core.write(command, body)
        } catch ConnectorError.alreadyLatestReleased {
            // The platform's own words, which its clients show.
            let message = "Connector's released version is already the latest version"
            throw APIError(status: .badRequest, message: message, errors: ["connector": [message]])
        } catch let error as ConnectorError {
            throw APIError(status: .badRequest, message: String(describing: error), errors: ["connector": [String(describing: error)]])
        } catch let error as SharingError {
            throw APIError(status: .badRequest, message: String(describing: error), errors: ["connector": [String(describing: error)]])
        }
        return try APIJSON.response(Self.detail(try await connector { $0.first { $0.title == title } }))
    }

    private static func logo(_ base64: String?) throws -> ConnectorStore.Logo? {
        guard let base64 else { return nil }
        guard let bytes = Data(base64Encoded: base64) else { throw APIError.badRequest("logo", "must be base64") }
        return try ConnectorStore.Logo(fileName: "logo.png", bytes: [UInt8](bytes))
    }

    static func versions(_ connector: Connector) -> [API.ConnectorVersion] {
        connector.versions.filter { connector.shareableVersions.contains($0.versionNo) }.map {
            API.ConnectorVersion(version: $0.versionNo, versionNote: $0.note, createdAt: $0.createdAt, releasedAt: $0.createdAt)
        }
    }

    static func listed(_ connector: Connector) -> API.CustomConnector? {
        guard let released = connector.released else { return nil }
        return API.CustomConnector(id: connector.id, name: connector.providerKey, title: connector.title, latestReleasedVersion: released.versionNo,
                                   latestReleasedVersionNote: released.note, releasedVersions: versions(connector), staticWebhookUrl: nil)
    }

    static func detail(_ connector: Connector) -> API.CustomConnectorDetail {
        API.CustomConnectorDetail(
            id: connector.id, name: connector.providerKey, title: connector.title, latestVersion: connector.latestVersion,
            latestVersionNote: connector.versions.last?.note, latestReleasedVersion: connector.releasedVersion,
            latestReleasedVersionNote: connector.released?.note, latestSharedVersion: connector.sharedVersion,
            latestSharedVersionNote: connector.sharedVersion.flatMap(connector.version)?.note, releasedVersions: versions(connector))
    }
}
