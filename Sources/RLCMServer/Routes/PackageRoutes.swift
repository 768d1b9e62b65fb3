import Foundation
import RLCMFormat
import HTTPTypes
import Hummingbird
import NIOCore
import RLCMAPI
import RLCMKit

/// `packages`: export and import jobs, their state, and the exported zips.
struct PackageRoutes {
    let core: ServerCore

    func add(to routes: inout RouteList) {
        routes.on(.post, "/api/packages/export/:id") { request, context in
            guard let manifest = try core.store.manifest(id: try context.id()) else { throw APIError.notFound }
            let job = try core.store.createExportJob(manifestId: manifest.id)
            await core.jobs.enqueue(job.id)
            return try APIJSON.response(API.ExportJob(id: job.id, operationType: .export, status: job.status,
                                                      exportManifestId: manifest.id, downloadUrl: nil))
        }
        routes.on(.post, "/api/packages/import/:folder_id") { request, context in try await importPackage(request, context) }
        routes.on(.get, "/api/packages/:id") { request, context in
            let job = try job(context)
            let completedExport = job.operation == .export && job.status == .completed
            return try APIJSON.response(API.PackageDetails(
                id: job.id, operationType: job.operation, status: job.status, exportManifestId: job.manifestId,
                downloadUrl: completedExport ? core.downloadURL(job: job.id, request: request) : nil,
                error: job.status == .failed ? job.error ?? "failed" : nil,
                recipeStatus: job.operation == .import ? job.recipeStatus ?? [] : nil))
        }
        routes.on(.get, "/api/packages/:id/download") { _, context in
            let job = try job(context)
            guard job.operation == .export, job.status == .completed, let package = job.package else {
                throw APIError(status: .conflict, message: "Package \(job.id) is \(job.status.rawValue); only a completed export can be downloaded")
            }
            return try await download("\(core.store.packagesFolder)/\(package)")
        }
    }

    private func job(_ context: Context) throws -> JobRecord {
        guard let job = try core.store.job(id: try context.id()) else { throw APIError.notFound }
        return job
    }

    /// Streams the body to a file, then creates the job (or finds the one this request repeats).
    private func importPackage(_ request: Request, _ context: Context) async throws -> Response {
        let folderId = try context.id("folder_id")
        let query = Query(request)
        let restart = try query.bool("restart_recipes") ?? false
        _ = try query.bool("include_tags")
        _ = try query.int("folder_id_for_home_assets")
        if let type = request.headers[.contentType], !["application/zip", "application/octet-stream", "application/x-zip-compressed"]
            .contains(where: { type.lowercased().hasPrefix($0) }) {
            throw APIError(status: .unsupportedMediaType, message: "Send the package as application/zip or application/octet-stream")
        }
        let folder = try await core.read { try $0.folder(id: folderId) }
        guard !folder.isEmpty else {
            throw APIError.badRequest("folder_id", "names the root folder: import into a project or a folder inside one")
        }
        let upload = try await Upload.receive(request, into: core.store.packagesFolder, limit: core.limits.maxPackageBytes,
                                              timeout: core.limits.uploadTimeout)
        let created: (job: JobRecord, isRetry: Bool)
        do {
            created = try core.store.createImportJob(folder: folder, restartRecipes: restart, upload: upload.path, sha256: upload.sha256,
                                                     idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!])
        } catch {
            try? FileSystem.remove(upload.path)
            throw error
        }
        if created.isRetry { try? FileSystem.remove(upload.path) } else { await core.jobs.enqueue(created.job.id) }
        return try APIJSON.response(API.ImportJob(id: created.job.id, operationType: .import, status: created.job.status))
    }

    /// The zip, streamed from its file. Whatever `Accept` says (the official client asks for JSON).
    private func download(_ path: String) async throws -> Response {
        let size = try await offload { (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0 }
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentLength] = String(size)
        let body = ResponseBody(contentLength: size) { writer in
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 256 * 1024), !chunk.isEmpty {
                try await writer.write(ByteBuffer(data: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
