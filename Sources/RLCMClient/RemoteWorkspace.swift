import Foundation
import RLCMFormat
import RLCMAPI
import RLCMKit

/// A remote workspace as `rlcm plan`, `rlcm import` and `rlcm export` use it with `--remote`:
/// the same planner, the same staleness rule and the same package reader as on a folder, over
/// the Developer API.
public struct RemoteWorkspace: Sendable {
    public let remote: Remote
    private let token: String
    /// Seconds to connect, and for an answer to go silent.
    public let timeout: Int
    /// Where the waits on the remote are shown: the caller's terminal, or nowhere.
    private let status: (any StatusSink)?

    public init(remote: Remote, token: String, timeout: Int, status: (any StatusSink)? = nil) {
        self.remote = remote
        self.token = token
        self.timeout = timeout
        self.status = status
    }

    public var target: ImportPlan.Target { .init(remote: remote.name, url: remote.url) }

    /// Runs `body` with a connection, from synchronous code (the commands).
    private func connected<T: Sendable>(_ body: @escaping @Sendable (APIConnection) async throws -> T) throws -> T {
        let (remote, token, timeout, status) = (remote, token, timeout, status)
        defer { status?.clear() }
        return try Blocking.run { try await APIConnection.with(remote, token: token, timeout: timeout, body) }
    }

    // MARK: - plan

    /// What importing `package` into `options.project` on the remote would do: the remote read
    /// into a snapshot (deleted afterwards), planned by the library's planner. `saved`: a plan
    /// being checked again.
    public func plan(_ package: String, _ options: ImportOptions, following saved: ImportPlan? = nil,
                     progress: (any ProgressSink)? = nil) throws -> ImportPlan {
        let carried = Set(try PackageIndex(file: package).connectors.map(\.title))
        let scratch = FileManager.default.temporaryDirectory.path + "/rlcm-remote-" + UUID().uuidString
        try FileSystem.makeDirectories(scratch)
        defer { FileSystem.removeTree(scratch) }
        let status = status
        let snapshot = try connected { connection in
            try await RemoteSnapshotReader(connection: connection, status: status)
                .snapshot(at: scratch + "/workspace", project: options.project, carried: carried, scratch: scratch)
        }
        var plan = try snapshot.plan(package: package, options, following: saved, progress: progress)
        plan.target = target
        return plan
    }

    // MARK: - import

    /// Imports `package` into `project` through `packages/import`, after checking a saved plan
    /// against the remote as it is now (refusing, with nothing sent, when it went stale).
    public func importPackage(_ package: String, project: String, restartRecipes: Bool, saved: (plan: ImportPlan, file: String)? = nil,
                              progress: (any ProgressSink)? = nil) throws -> RemoteImportReport {
        if let saved { try check(saved.plan, file: saved.file, progress: progress) }
        let sha256 = Hashing.sha256(try FileSystem.read(package))
        let status = status
        let (job, folderId, names) = try connected { connection in
            let folderId = try await connection.projectFolder(project, status: status)
            let job = try await connection.importPackage(package, into: folderId, restartRecipes: restartRecipes, status: status)
            let names = job.status == "failed" ? [:] : try await connection.recipeNames(in: folderId)
            return (job, folderId, names)
        }
        guard job.status == "completed" else {
            throw RemoteError.jobFailed(kind: "import", id: job.id, message: job.error ?? "the job ended as '\(job.status)'")
        }
        return RemoteImportReport(remote: remote, package: package, packageSHA256: sha256, project: project, folderId: folderId,
                                  checkedPlan: saved?.file, job: .init(id: job.id, status: job.status),
                                  recipes: (job.recipeStatus ?? []).map { .init(id: $0.id, name: names[$0.id], importResult: $0.importResult) })
    }

    /// Plans again against the remote as it is now and refuses when anything the saved plan
    /// depends on changed, or when it shows problems: `Importer`'s rules for a folder.
    private func check(_ saved: ImportPlan, file: String, progress: (any ProgressSink)?) throws {
        guard let planned = saved.target else { throw RemoteError.localPlanForRemote(plan: file) }
        guard planned.url == remote.url else {
            throw RemoteError.planTarget(plan: file, planned: "\(planned.remote) (\(planned.url))", asked: "\(remote.name) (\(remote.url))")
        }
        let options = ImportOptions(project: saved.project, restartRecipes: saved.restartRecipes, strict: saved.strict)
        let current = try plan(saved.package, options, following: saved, progress: progress)
        let changes = WorkspaceSnapshot.changes(from: saved, to: current)
        if !changes.isEmpty { throw ImportError.stalePlan(changes: changes) }
        if !current.problems.isEmpty { throw ImportError.blocked(problems: current.problems) }
    }

    // MARK: - export

    /// Exports `folder` into `output`: downloaded beside it, read with the reader `rlcm inspect`
    /// uses, and only then renamed into place.
    public func export(folder: String, to output: String) throws -> RemoteExportReport {
        let partial = "\(output).part-\(UUID().uuidString)"
        defer { try? FileSystem.remove(partial) }
        let status = status
        try connected { connection in
            guard let id = try await connection.folderId(of: folder) else { throw ExportError.folderNotFound(folder) }
            try await connection.exportFolder(id, name: "rlcm export: \(folder)", to: partial, status: status)
        }
        let index = try PackageIndex(file: partial)
        let size = (try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? NSNumber)?.intValue ?? 0
        try FileSystem.rename(partial, to: output)
        return RemoteExportReport(remote: remote, folder: folder, output: output, packageSHA256: index.sha256, bytes: size,
                                  assets: index.assets.count, connectors: index.connectors.map(\.title).sorted())
    }
}

extension APIConnection {
    /// The folder of the top-level project `name`, created (as a new project) when missing, as a
    /// local import creates the project's folder.
    func projectFolder(_ name: String, status: (any StatusSink)?) async throws -> Int {
        if let id = try await folderId(of: name) { return id }
        status?.show("creating the project '\(name)'")
        return try await post(API.Folder.self, "/api/folders", body: try .encoding(API.CreateFolderRequest(name: name))).id
    }

    /// The names of the recipes in a folder and its subfolders, by id, for the import's report.
    func recipeNames(in folderId: Int) async throws -> [Int: String] {
        let recipes = try await pages("/api/recipes", query: [("folder_id", String(folderId))]) {
            try JSONDecoder().decode(API.RecipeList.self, from: $0).items
        }
        return Dictionary(recipes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
