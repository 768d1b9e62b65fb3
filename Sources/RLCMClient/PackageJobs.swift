import Foundation
import RLCMAPI
import RLCMKit

/// The platform's package jobs, as its own clients run them: an export is a manifest for a
/// folder, a job, polling until it is no longer in progress, and the download; an import is the
/// zip POSTed to a folder, then polling.
extension APIConnection {
    /// Exports the folder `folderId` (named `name` in the manifest) into `file`: the platform's
    /// own way to read assets byte for byte, what its client's pull does. Leaves the manifest
    /// behind, as every pull does.
    func exportFolder(_ folderId: Int, name: String, to file: String, status: (any StatusSink)?) async throws {
        let request = API.ManifestRequest(exportManifest: .init(name: name, folderId: folderId, autoGenerateAssets: true,
                                                                 includeTestCases: false, includeData: false, includeTags: false))
        status?.show("creating an export manifest for '\(name)'")
        let manifest = try await post(API.ManifestResponse.self, "/api/export_manifests", body: try .encoding(request)).result
        let job = try await post(API.ExportJob.self, "/api/packages/export/\(manifest.id)")
        let finished = try await finish(job: job.id, kind: .export, status: status)
        guard finished.status == .completed else {
            throw RemoteError.jobFailed(kind: .export, id: job.id, message: finished.error ?? "the job ended as '\(finished.status.rawValue)'")
        }
        status?.show("downloading the export of '\(name)'")
        try await download("/api/packages/\(job.id)/download", to: file)
    }

    /// POSTs the package at `file` for import into `folderId` and waits for the job to end.
    func importPackage(_ file: String, into folderId: Int, restartRecipes: Bool, status: (any StatusSink)?) async throws -> API.PackageDetails {
        status?.show("uploading \((file as NSString).lastPathComponent)")
        let job = try await post(API.ImportJob.self, "/api/packages/import/\(folderId)", query: [("restart_recipes", String(restartRecipes))],
                                 body: .file(path: file, contentType: "application/zip"))
        return try await finish(job: job.id, kind: .import, status: status)
    }

    /// The job once it is no longer `in_progress` (nor `processing`), polled quickly at first,
    /// then every two seconds, for at most `jobTimeout` seconds.
    func finish(job id: Int, kind: API.JobOperation, status: (any StatusSink)?, jobTimeout: Int = 1800) async throws -> API.PackageDetails {
        let started = ContinuousClock.now
        var polls = 0
        while true {
            let details = try await get(API.PackageDetails.self, "/api/packages/\(id)")
            guard details.status.isRunning else { return details }
            let elapsed = started.duration(to: .now).components.seconds
            guard elapsed < jobTimeout else { throw RemoteError.jobTimeout(kind: kind, id: id, seconds: jobTimeout) }
            status?.show("waiting for the \(kind.rawValue) job \(id) (\(elapsed) s)")
            polls += 1
            try await Task.sleep(for: .milliseconds(polls < 10 ? 250 : 2000))
        }
    }
}
