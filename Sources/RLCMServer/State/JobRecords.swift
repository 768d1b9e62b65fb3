import Foundation
import RLCMFormat
import GRDB
import RLCMAPI
import RLCMKit

/// A package job as it is kept: an export of a manifest or an import into a folder.
struct JobRecord: Sendable, Equatable {
    var id: Int
    var operation: API.JobOperation
    var status: API.JobStatus
    var manifestId: Int?
    /// The target folder of an import, workspace-relative.
    var folder: String?
    var restartRecipes: Bool
    /// The package file's name in `packages/`.
    var package: String?
    var error: String?
    var recipeStatus: [API.RecipeImportStatus]?
    var createdAt: String

    init(row: Row) throws {
        id = row["id"]
        let operation: String = row["operation"]
        guard let known = API.JobOperation(rawValue: operation) else { throw JobError.unknownOperation(operation) }
        self.operation = known
        status = API.JobStatus(rawValue: row["status"]) ?? .failed
        manifestId = row["manifest_id"]
        folder = row["folder"]
        restartRecipes = row["restart_recipes"]
        package = row["package"]
        error = row["error"]
        let statusText: String? = row["recipe_status"]
        recipeStatus = try statusText.map { try JSONDecoder().decode([API.RecipeImportStatus].self, from: Data($0.utf8)) }
        createdAt = row["created_at"]
    }
}

/// A manifest as it is kept: its name and folder, and the request that made it (assets and flags).
struct ManifestRecord: Sendable {
    var id: Int
    var name: String
    var folder: String
    var request: API.ManifestRequest.Body
    var createdAt: String
    var updatedAt: String
    var deletedAt: String?
    var lastExportedAt: String?

    init(row: Row) throws {
        id = row["id"]
        name = row["name"]
        folder = row["folder"]
        request = try JSONDecoder().decode(API.ManifestRequest.Body.self, from: Data((row["request"] as String).utf8))
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
        deletedAt = row["deleted_at"]
        lastExportedAt = row["last_exported_at"]
    }

    var api: API.Manifest {
        API.Manifest(id: id, name: name, lastExportedAt: lastExportedAt, createdAt: createdAt, updatedAt: updatedAt, deletedAt: deletedAt,
                     projectPath: folder, status: "working")
    }
}

/// How long after it was created an import with the same body, folder and parameters counts as a
/// retry of it rather than a new import.
let importRetryWindow: TimeInterval = 10

extension ServerStore {
    // MARK: - Manifests

    func createManifest(_ request: API.ManifestRequest.Body, folder: String) throws -> ManifestRecord {
        let now = APIJSON.timestamp(clock())
        return try pool.write { db in
            try db.execute(sql: "INSERT INTO manifests (name, folder, request, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [request.name, folder, try Self.text(request), now, now])
            return try ManifestRecord(row: try Row.fetchOne(db, sql: "SELECT * FROM manifests WHERE id = ?", arguments: [db.lastInsertedRowID])!)
        }
    }

    /// The manifest, deleted ones included (`DELETE` answers with `deleted_at` set; later reads 404).
    func manifest(id: Int, includingDeleted: Bool = false) throws -> ManifestRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM manifests WHERE id = ?", arguments: [id]).map(ManifestRecord.init)
        }.flatMap { includingDeleted || $0.deletedAt == nil ? $0 : nil }
    }

    func updateManifest(id: Int, _ request: API.ManifestRequest.Body, folder: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE manifests SET name = ?, folder = ?, request = ?, updated_at = ? WHERE id = ?",
                           arguments: [request.name, folder, try Self.text(request), APIJSON.timestamp(clock()), id])
        }
    }

    func deleteManifest(id: Int) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE manifests SET deleted_at = ? WHERE id = ?", arguments: [APIJSON.timestamp(clock()), id])
        }
    }

    func markExported(manifestId: Int) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE manifests SET last_exported_at = ? WHERE id = ?", arguments: [APIJSON.timestamp(clock()), manifestId])
        }
    }

    // MARK: - Jobs

    func createExportJob(manifestId: Int) throws -> JobRecord {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO jobs (operation, status, manifest_id, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [API.JobOperation.export.rawValue, API.JobStatus.inProgress.rawValue, manifestId, APIJSON.timestamp(clock())])
            let id = Int(db.lastInsertedRowID)
            try db.execute(sql: "UPDATE jobs SET package = ? WHERE id = ?", arguments: ["export-\(id).zip", id])
            return try JobRecord(row: try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id])!)
        }
    }

    /// A new import job for the uploaded package at `upload` (moved into `packages/`), or the job
    /// this request repeats: the one with the same `Idempotency-Key`, or the same body for the same
    /// folder and parameters while it runs or within `importRetryWindow` of its creation.
    func createImportJob(folder: String, restartRecipes: Bool, upload: String, sha256: String,
                         idempotencyKey: String?) throws -> (job: JobRecord, isRetry: Bool) {
        try pool.write { db in
            if let idempotencyKey,
               let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE idempotency_key = ?", arguments: [idempotencyKey]) {
                return (try JobRecord(row: row), true)
            }
            let since = APIJSON.timestamp(clock().addingTimeInterval(-importRetryWindow))
            if let row = try Row.fetchOne(db, sql: """
                SELECT * FROM jobs WHERE operation = ? AND folder = ? AND restart_recipes = ? AND body_sha256 = ?
                AND (status = ? OR created_at >= ?) ORDER BY id DESC LIMIT 1
                """, arguments: [API.JobOperation.import.rawValue, folder, restartRecipes, sha256, API.JobStatus.inProgress.rawValue, since]) {
                return (try JobRecord(row: row), true)
            }
            try db.execute(sql: """
                INSERT INTO jobs (operation, status, folder, restart_recipes, body_sha256, idempotency_key, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [API.JobOperation.import.rawValue, API.JobStatus.inProgress.rawValue, folder, restartRecipes, sha256,
                                 idempotencyKey, APIJSON.timestamp(clock())])
            let id = Int(db.lastInsertedRowID)
            let package = "import-\(id).zip"
            try FileSystem.rename(upload, to: "\(packagesFolder)/\(package)")
            try db.execute(sql: "UPDATE jobs SET package = ? WHERE id = ?", arguments: [package, id])
            return (try JobRecord(row: try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id])!), false)
        }
    }

    func job(id: Int) throws -> JobRecord? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(JobRecord.init) }
    }

    func finishJob(id: Int, error: String?, recipeStatus: [API.RecipeImportStatus]? = nil) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE jobs SET status = ?, error = ?, recipe_status = ?, finished_at = ? WHERE id = ?",
                           arguments: [(error == nil ? API.JobStatus.completed : .failed).rawValue, error, try recipeStatus.map(Self.text),
                                       APIJSON.timestamp(clock()), id])
        }
    }

    /// Marks every job still `in_progress` as failed with `reason`: at startup, those a killed
    /// server left; at shutdown, those that never started. Returns their ids.
    @discardableResult
    func unfinishedJobIds() throws -> [Int] {
        try pool.read { db in try Int.fetchAll(db, sql: "SELECT id FROM jobs WHERE status = ?", arguments: [API.JobStatus.inProgress.rawValue]) }
    }

    func failUnfinishedJobs(reason: String, except running: Int? = nil) throws -> [Int] {
        try pool.write { db in
            let inProgress = API.JobStatus.inProgress.rawValue
            let ids = try Int.fetchAll(db, sql: "SELECT id FROM jobs WHERE status = ? AND id IS NOT ?", arguments: [inProgress, running])
            try db.execute(sql: "UPDATE jobs SET status = ?, error = ?, finished_at = ? WHERE status = ? AND id IS NOT ?",
                           arguments: [API.JobStatus.failed.rawValue, reason, APIJSON.timestamp(clock()), inProgress, running])
            return ids
        }
    }

    private static func text(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}
