import RLCMFormat
import Hummingbird
import RLCMAPI
import RLCMKit

/// `connections`: every connection of the workspace in one answer (the official client does not
/// page them), or those in `folder_id` and its subfolders (as recipes are listed).
struct ConnectionRoutes {
    let core: ServerCore

    func add(to routes: inout RouteList) {
        routes.on(.get, "/api/connections") { request, _ in
            let query = Query(request)
            let (folderId, parentId) = (try query.int("folder_id"), try query.int("parent_id"))
            _ = try query.bool("include_runtime_connections")
            let connections = try await core.read { view in
                let folder = try folderId.map { try view.folder(id: $0) }
                let connectors = Dictionary(try view.session.connectors.all().map { ($0.title, $0) }, uniquingKeysWith: { a, _ in a })
                // No connection here has a parent: asking for a parent's children finds none.
                guard parentId == nil else { return [API.Connection]() }
                return try view.files(ofType: AssetType.connection, in: folder).sorted { $0.id < $1.id }.map {
                    try view.apiConnection($0.path, id: $0.id, connectors: connectors)
                }
            }
            return try APIJSON.response(connections)
        }
    }
}
