import Hummingbird
import RLCMAPI
import RLCMKit

/// `export_manifests`: what a folder's export carries, and the manifests that name it.
struct ManifestRoutes {
    let core: ServerCore

    func add(to routes: inout RouteList) {
        routes.on(.get, "/api/export_manifests/folder_assets") { request, _ in
            guard let folderId = try Query(request).int("folder_id") else { throw APIError.badRequest("folder_id", "is required") }
            let assets = try await core.read { view -> [API.FolderAsset] in
                do {
                    return try view.folderAssets(try view.selection(folder: try view.folder(id: folderId)))
                } catch ExportError.emptySelection(_) {
                    // An empty folder (a project just made) has no assets, as on the platform.
                    return []
                } catch let error as ExportError {
                    throw Self.refusal(error)
                }
            }
            return try APIJSON.response(API.FolderAssets(result: .init(assets: assets)))
        }
        routes.on(.post, "/api/export_manifests") { request, _ in
            let (body, folder) = try await read(request)
            return try APIJSON.response(API.ManifestResponse(result: try core.store.createManifest(body, folder: folder).api), status: .created)
        }
        routes.on(.get, "/api/export_manifests/:id") { _, context in
            try APIJSON.response(API.ManifestResponse(result: try manifest(context).api))
        }
        routes.on(.put, "/api/export_manifests/:id") { request, context in
            let id = try manifest(context).id
            let (body, folder) = try await read(request)
            try core.store.updateManifest(id: id, body, folder: folder)
            return try APIJSON.response(API.ManifestResponse(result: try manifest(context).api))
        }
        routes.on(.delete, "/api/export_manifests/:id") { _, context in
            let id = try manifest(context).id
            try core.store.deleteManifest(id: id)
            return try APIJSON.response(API.ManifestResponse(result: try core.store.manifest(id: id, includingDeleted: true)!.api))
        }
    }

    private func manifest(_ context: Context) throws -> ManifestRecord {
        guard let manifest = try core.store.manifest(id: try context.id()) else { throw APIError.notFound }
        return manifest
    }

    /// The manifest body and the folder it names, which must exist and be exportable.
    private func read(_ request: Request) async throws -> (API.ManifestRequest.Body, String) {
        var request = request
        let body = try await request.decode(API.ManifestRequest.self, limit: core.limits.maxJSONBytes).exportManifest
        guard !body.name.isEmpty else { throw APIError.badRequest("export_manifest.name", "must not be empty") }
        let folder = try await core.read { view in
            guard let path = try? view.folder(id: body.folderId) else {
                throw APIError.badRequest("export_manifest.folder_id", "names no folder")
            }
            _ = try Self.exportable { try view.selection(folder: path) }
            return path
        }
        return (body, folder)
    }

    /// Why a folder cannot be exported (the root, an empty folder, a broken asset) is a 400 with
    /// the message `rlcm export` would print.
    static func exportable<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ExportError {
            throw refusal(error)
        }
    }

    private static func refusal(_ error: ExportError) -> APIError {
        APIError(status: .badRequest, message: String(describing: error), errors: ["folder_id": [String(describing: error)]])
    }
}
