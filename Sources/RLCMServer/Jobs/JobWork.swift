import Foundation
import RLCMAPI
import RLCMFormat
import RLCMKit

/// What a package job does: `rlcm export` of a manifest's folder or assets, `rlcm import` into a
/// folder. A failed job keeps the message the CLI would print for the same failure.
struct JobWork: Sendable {
    let workspace: Workspace
    /// The server's kept catalog, which an import brings up to date in the step that commits it.
    let index: ListingIndex
    var store: ServerStore { index.store }
    /// What jobs run in; its lock timeout is how long an import waits for another rlcm command.
    let environment: RunEnvironment

    func run(_ id: Int) async {
        let outcome: Result<[API.RecipeImportStatus]?, any Error>
        do { outcome = .success(try await offload { try perform(id) }) } catch { outcome = .failure(error) }
        do {
            switch outcome {
            case .success(let recipeStatus): try store.finishJob(id: id, error: nil, recipeStatus: recipeStatus)
            case .failure(let error): try store.finishJob(id: id, error: String(describing: error))
            }
        } catch {
            // The database refused: the job stays in_progress and is failed as interrupted at the next start.
        }
    }

    /// Runs the job; an import's answer lists each imported recipe's outcome.
    private func perform(_ id: Int) throws -> [API.RecipeImportStatus]? {
        guard let job = try store.job(id: id), let package = job.package else { return nil }
        let file = "\(store.packagesFolder)/\(package)"
        if job.operation == .export {
            try export(manifestId: job.manifestId ?? 0, to: file)
            return nil
        }
        return try importPackage(file, id: id, into: job.folder ?? "", restartRecipes: job.restartRecipes)
    }

    /// References that resolve nowhere do not stop an API export: the platform exports packages
    /// with outside references (connections production keeps its own of, say), and its clients,
    /// `rlcm plan --remote` among them, read them as they are. `rlcm export`'s refusal is for people.
    private func export(manifestId: Int, to file: String) throws {
        guard let manifest = try store.manifest(id: manifestId, includingDeleted: true) else { throw APIError.notFound }
        let partial = file + ".part"
        defer { try? FileSystem.remove(partial) }
        try workspace.readLocked(command: "serve export", environment: environment) { session in
            if let assets = manifest.request.assets {
                let view = try WorkspaceView(session: session, index: index)
                _ = try session.export(try view.selection(folder: manifest.folder, keeping: assets, manifestId: manifestId),
                                       to: partial, allowUnresolved: true)
            } else {
                _ = try session.export(folder: manifest.folder, to: partial, allowUnresolved: true)
            }
        }
        try FileSystem.rename(partial, to: file)
        try store.markExported(manifestId: manifestId)
    }

    private func importPackage(_ file: String, id: Int, into folder: String, restartRecipes: Bool) throws -> [API.RecipeImportStatus] {
        let components = folder.split(separator: "/").map(String.init)
        guard let project = components.first else { throw JobError.rootFolderImport }
        let options = ImportOptions(project: project, restartRecipes: restartRecipes, folder: components.dropFirst().joined(separator: "/"),
                                    origin: Self.origin(of: id))
        let result = try workspace.locked(command: "serve import", environment: environment) { session in
            let result = try session.importPackage(file, options)
            try? index.refresh(session)
            return result
        }
        let recipes = result.plan.assets.filter { $0.type == .recipe }
        let ids = try store.ids(kind: WorkspaceView.assetKind, keys: recipes.map(\.path))
        let restarted = Set(result.restartedRecipes)
        return recipes.map {
            API.RecipeImportStatus(id: ids[$0.path]!, importResult: restarted.contains($0.path) ? "restarted" : "no_update_or_updated_without_restart")
        }
    }
}

extension JobWork {
    /// How an import job is named in the history record it writes.
    static func origin(of id: Int) -> String { "rlcm serve job \(id)" }

    /// Settles the jobs a killed server left `in_progress`: an import whose history record exists
    /// committed (the record commits with it) and is completed; every other job failed as
    /// interrupted, its transaction rolled back by the workspace's own recovery.
    static func settleUnfinished(store: ServerStore, workspace: Workspace, environment: RunEnvironment) throws {
        let imported = try workspace.locked(command: "serve", environment: environment) { session in
            Set(try session.history().imports.compactMap(\.record.origin))
        }
        for id in try store.unfinishedJobIds() where imported.contains(origin(of: id)) {
            try store.finishJob(id: id, error: nil, recipeStatus: [])
        }
        _ = try store.failUnfinishedJobs(reason: JobRunner.interruptedMessage)
    }
}

enum JobError: RLCMError {
    case rootFolderImport
    /// A job row whose operation this server does not write (a database from a later version).
    case unknownOperation(String)

    var description: String {
        switch self {
        case .rootFolderImport: "a package imports into a project or a folder inside one, not the workspace's root folder"
        case .unknownOperation(let operation): "the server's database holds a package job of unknown operation '\(operation)'"
        }
    }
}
