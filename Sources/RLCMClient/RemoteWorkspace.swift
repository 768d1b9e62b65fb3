import Foundation
import RLCMFormat
import RLCMAPI
import RLCMKit

/// A remote workspace as `rlcm plan`, `rlcm import` and `rlcm export` use it with `--remote`:
/// the same planner, the same staleness rule and the same package reader as on a folder, over
/// the Developer API.
public struct RemoteWorkspace: WorkspaceTarget {
    public let remote: Remote
    private let token: String
    /// Seconds to connect, and for an answer to go silent.
    public let timeout: Int
    /// Where the waits on the remote are shown: the caller's terminal, or nowhere.
    private let status: (any StatusSink)?
    private let environment: RunEnvironment

    public init(remote: Remote, token: String, timeout: Int, environment: RunEnvironment, status: (any StatusSink)? = nil) {
        self.remote = remote
        self.token = token
        self.timeout = timeout
        self.environment = environment
        self.status = status
    }

    public var target: ImportPlan.Target { .init(remote: remote.name, url: remote.url) }

    /// Runs `body` with a connection, clearing the status line after it.
    private func connected<T: Sendable>(_ body: @escaping @Sendable (APIConnection) async throws -> T) async throws -> T {
        defer { status?.clear() }
        return try await APIConnection.with(remote, token: token, timeout: timeout, body)
    }

    // MARK: - plan

    /// What importing `package` into `options.project` on the remote would do: the remote read
    /// into a snapshot (deleted afterwards), planned by the library's planner.
    public func plan(package: String, _ options: ImportOptions) async throws -> ImportPlan {
        try await plan(package, options, following: nil)
    }

    /// `saved`: a plan being checked again, whose new connectors keep the keys it chose.
    private func plan(_ package: String, _ options: ImportOptions, following saved: ImportPlan?) async throws -> ImportPlan {
        let environment = environment
        var plan = try await withSnapshot(package, options) { snapshot in
            try snapshot.plan(package: package, options, following: saved, environment: environment)
        }
        plan.target = target
        return plan
    }

    /// The values file for importing `package` into the remote: planned on a snapshot, whose
    /// property files hold the remote's values.
    public func valuesTemplate(package: String, _ options: ImportOptions) async throws -> ValuesTemplate {
        let environment = environment
        return try await withSnapshot(package, options) { snapshot in try snapshot.valuesTemplate(package: package, options, environment: environment) }
    }

    /// Runs `body` on a snapshot of what a plan of `package` needs of the remote (deleted afterwards).
    private func withSnapshot<T: Sendable>(_ package: String, _ options: ImportOptions,
                                           _ body: @escaping @Sendable (WorkspaceSnapshot) throws -> T) async throws -> T {
        let index = try PackageIndex(file: package)
        let (carried, reads) = (Set(index.connectors.map(\.title)), index.propertiesRead)
        let scratch = environment.temporaryFolder + "/rlcm-remote-" + UUID().uuidString
        try FileSystem.makeDirectories(scratch)
        defer { FileSystem.removeTree(scratch) }
        let status = status
        let snapshot = try await connected { connection in
            try await RemoteSnapshotReader(connection: connection, status: status)
                .snapshot(at: scratch + "/workspace", project: options.project, carried: carried, reads: reads, scratch: scratch)
        }
        return try await offload { try body(snapshot) }
    }

    // MARK: - import

    /// Imports `package` into `options.project` through `packages/import`, after checking a saved
    /// plan against the remote as it is now (refusing, with nothing sent, when it went stale).
    /// `--strict` is a rule of the plan here: the platform's import has no such switch. A values
    /// file's properties are set through `POST /api/properties` first, and its connection
    /// bindings and connector ties are applied to the package before it is sent (`bindValues`).
    public func importPackage(_ package: String, _ options: ImportOptions, saved: SavedPlan?) async throws -> RemoteImportReport {
        let scratch = environment.temporaryFolder + "/rlcm-remote-" + UUID().uuidString
        try FileSystem.makeDirectories(scratch)
        defer { FileSystem.removeTree(scratch) }
        let upload = try await checked(package, options, saved: saved, bindingInto: scratch + "/bound.zip")
        let sha256 = Hashing.sha256(try FileSystem.read(package))
        let (status, project, restartRecipes, values) = (status, options.project, options.restartRecipes, options.values)
        let (job, folderId, names) = try await connected { connection in
            let folderId = try await connection.projectFolder(project, status: status)
            if let values { try await connection.setProperties(values, project: project, folderId: folderId, status: status) }
            let job = try await connection.importPackage(upload, into: folderId, restartRecipes: restartRecipes, status: status)
            let names = job.status == .failed ? [:] : try await connection.recipeNames(in: folderId)
            return (job, folderId, names)
        }
        guard job.status == .completed else {
            throw RemoteError.jobFailed(kind: .import, id: job.id, message: job.error ?? "the job ended as '\(job.status.rawValue)'")
        }
        return RemoteImportReport(remote: remote, package: package, packageSHA256: sha256, project: project, folderId: folderId,
                                  checkedPlan: saved?.file, job: .init(id: job.id, status: job.status),
                                  recipes: (job.recipeStatus ?? []).map { .init(id: $0.id, name: names[$0.id], importResult: $0.importResult) })
    }

    /// The package to send: `package` itself, or with a values file's bindings and ties applied
    /// (written to `bound`). A saved plan is checked first; with a values file the import is
    /// planned anyway (its bindings and limits are checked as a folder's import checks them).
    private func checked(_ package: String, _ options: ImportOptions, saved: SavedPlan?, bindingInto bound: String) async throws -> String {
        if let saved { try await check(saved) }
        let bind = options.values.map { !$0.connections.isEmpty || !$0.connectors.isEmpty } ?? false
        guard options.values != nil, saved == nil || bind else { return package }
        let environment = environment
        try await withSnapshot(package, options) { snapshot in
            if saved == nil { try WorkspaceSnapshot.check(try snapshot.plan(package: package, options, environment: environment), against: nil) }
            if bind { try snapshot.bindValues(of: package, options, to: bound) }
        }
        return bind ? bound : package
    }

    /// Plans again against the remote as it is now and refuses when anything the saved plan
    /// depends on changed, or when it shows problems: the applier's rule for a folder.
    private func check(_ saved: SavedPlan) async throws {
        guard let planned = saved.plan.target else { throw RemoteError.localPlanForRemote(plan: saved.file) }
        guard planned.url == remote.url else {
            throw RemoteError.planTarget(plan: saved.file, planned: "\(planned.remote) (\(planned.url))", asked: "\(remote.name) (\(remote.url))")
        }
        let current = try await plan(saved.plan.package, saved.options, following: saved.plan)
        try WorkspaceSnapshot.check(current, against: saved.plan)
    }

    // MARK: - export

    /// Exports `folder` into `output`: downloaded beside it, read with the reader `rlcm inspect`
    /// uses, and only then renamed into place. References that resolve nowhere are the
    /// platform's business there: its export packs what it packs.
    public func export(folder: String, to output: String, allowUnresolved: Bool) async throws -> RemoteExportReport {
        let partial = "\(output).part-\(UUID().uuidString)"
        defer { try? FileSystem.remove(partial) }
        let status = status
        try await connected { connection in
            guard let id = try await connection.folderId(of: folder) else { throw ExportError.folderNotFound(folder, projects: []) }
            try await connection.exportFolder(id, name: "rlcm export: \(folder)", to: partial, status: status)
        }
        let index = try PackageIndex(file: partial)
        let size = (try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? NSNumber)?.intValue ?? 0
        try FileSystem.rename(partial, to: output)
        return RemoteExportReport(remote: remote, folder: folder, output: output, packageSHA256: index.sha256, bytes: size,
                                  assets: index.assets.count, connectors: index.connectors.map(\.title).sorted())
    }

    // MARK: - history

    /// The Developer API keeps no record of past imports that rlcm could read back.
    public func history() async throws -> HistoryReport {
        throw RemoteError.noHistory(remote: remote.name)
    }

    // MARK: - drift

    /// Asks a remote that runs `rlcm serve` for its drift (`GET /api/rlcm/drift`), which is what
    /// `rlcm drift` prints there.
    public func drift(project: String?) async throws -> DriftReport {
        try await connected { connection in
            try await connection.get(DriftReport.self, "/api/rlcm/drift", query: project.map { [("project", $0)] } ?? [])
        }
    }
}

extension APIConnection {
    /// Sets a values file's properties through `POST /api/properties`: the account's, then the
    /// project's (its folder's id is the project's).
    func setProperties(_ values: Values, project: String, folderId: Int, status: (any StatusSink)?) async throws {
        let account = values.account.mapValues(\.text), own = (values.project[project] ?? [:]).mapValues(\.text)
        for (properties, query) in [(account, [(String, String)]()), (own, [("project_id", String(folderId))])] where !properties.isEmpty {
            status?.show("setting \(properties.count) propert\(properties.count == 1 ? "y" : "ies")")
            _ = try await post(API.Success.self, "/api/properties", query: query, body: try .encoding(API.UpsertProperties(properties: properties)))
        }
    }

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
