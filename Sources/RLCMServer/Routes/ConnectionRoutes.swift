import RLCMFormat
import Hummingbird
import RLCMAPI
import RLCMKit

/// `connections`: every connection of the workspace in one answer (the official client does not
/// page them), or those in `folder_id` and its subfolders (as recipes are listed); creating a
/// connection without credentials, and renaming or moving one (`RLCMKit`'s connection
/// operations).
///
/// A workspace's connections are files: they have no parent connection and no external id
/// (those belong to runtime user connections, which need the platform's connectors), and no
/// credentials. So `parent_id` and `external_id` filters find none, and a request that sets
/// them, or sends credentials (`input`), is refused naming the key.
struct ConnectionRoutes {
    let core: ServerCore

    func add(to routes: inout RouteList) {
        routes.on(.get, "/api/connections") { request, _ in
            let query = Query(request)
            let (folderId, parentId) = (try query.int("folder_id"), try query.int("parent_id"))
            let externalId = query.string("external_id")
            _ = try query.bool("include_runtime_connections")
            let connections = try await core.read { view in
                let folder = try folderId.map { try view.folder(id: $0) }
                guard parentId == nil, externalId == nil else { return [API.Connection]() }
                let connectors = try view.connectorsByTitle()
                return try view.files(ofType: AssetType.connection, in: folder).sorted { $0.id < $1.id }.map {
                    try view.apiConnection($0.path, id: $0.id, connectors: connectors)
                }
            }
            return try APIJSON.response(connections)
        }
        routes.on(.post, "/api/connections") { request, _ in
            var request = request
            let body = try await request.decode(API.ConnectionRequest.self, limit: core.limits.maxJSONBytes)
            try Self.refuseRuntimeKeys(body)
            guard let name = body.name else { throw APIError.badRequest("name", "is required") }
            guard let provider = body.provider else { throw APIError.badRequest("provider", "is required") }
            guard let folderId = body.folderId else {
                throw APIError.badRequest("folder_id", "is required: a connection lives in a project or a folder inside one")
            }
            let folder = try await core.read { try Self.folder($0, id: folderId) }
            let path = try await core.change("serve connection create") { try $0.createConnection(name: name, provider: provider, in: folder) }
            return try APIJSON.response(try await connection(path))
        }
        routes.on(.put, "/api/connections/:id") { request, context in
            let id = try context.id()
            var request = request
            let body = try await request.decode(API.ConnectionRequest.self, limit: core.limits.maxJSONBytes)
            try Self.refuseRuntimeKeys(body)
            if body.provider != nil { throw APIError.badRequest("provider", "cannot be changed: a connection keeps its connector") }
            let (path, folder) = try await core.read { view in
                (try view.file(id: id, type: AssetType.connection), try body.folderId.map { try Self.folder(view, id: $0) })
            }
            let store = core.store
            let moved = try await core.change("serve connection update") { session in
                let moved = try session.updateConnection(path, name: body.name, folder: folder)
                // Still under the workspace lock: no listing sees the moved file without its id.
                if moved != path { try store.move(kind: WorkspaceView.assetKind, from: path, to: moved) }
                return moved
            }
            return try APIJSON.response(try await connection(moved))
        }
    }

    /// The connection at `path` as the API shows it.
    private func connection(_ path: String) async throws -> API.Connection {
        try await core.read { view in
            try view.apiConnection(path, id: try view.store.id(kind: WorkspaceView.assetKind, key: path), connectors: try view.connectorsByTitle())
        }
    }

    /// The folder a body's `folder_id` names; one that names none is the body's fault (400).
    private static func folder(_ view: WorkspaceView, id: Int) throws -> String {
        guard let path = try? view.folder(id: id) else { throw APIError.badRequest("folder_id", "names no folder") }
        return path
    }

    private static func refuseRuntimeKeys(_ body: API.ConnectionRequest) throws {
        if body.parentId != nil {
            throw APIError.badRequest("parent_id", "cannot be set: a parent connection is for runtime user connections, which rlcm serve does not hold")
        }
        if body.externalId != nil {
            throw APIError.badRequest("external_id", "cannot be set: an external id is for runtime user connections, which rlcm serve does not hold")
        }
        if let input = body.input, !input.isEmpty {
            throw APIError.badRequest("input", "cannot be kept: a workspace holds no credentials; authorize the connection on the platform")
        }
    }
}

extension ConnectionError {
    /// The request key a refusal is about.
    var field: String {
        switch self {
        case .emptyName: "name"
        case .invalidProvider: "provider"
        case .notInsideProject, .folderNotFound, .pathTaken: "folder_id"
        case .notAConnection: "connection_id"
        case .providerNotInRecipe, .notWrittenAsThePlatformWrites: "adapter_name"
        }
    }
}
