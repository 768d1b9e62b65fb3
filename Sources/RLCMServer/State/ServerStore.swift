import Foundation
import RLCMFormat
import GRDB
import RLCMKit
import Synchronization

/// The server's own state, in one SQLite database (`.rlcm/server/state.sqlite`, WAL mode): the
/// integer ids the API gives folders and files, token hashes, export manifests and package jobs.
/// SQLite makes each change atomic and safe under concurrent requests and CLI commands (`rlcm token`
/// writes the same database while a server runs); package files live beside it in `packages/`.
public final class ServerStore: Sendable {
    /// `.rlcm/server`, relative to the workspace root.
    public static let folder = "\(Workspace.stateFolderName)/server"

    let pool: DatabasePool
    /// Where package files (uploads and exports) are kept.
    public let packagesFolder: String
    /// The time the store records ids, tokens, manifests and jobs at (the run's `RunEnvironment.clock`).
    let clock: @Sendable () -> Date
    /// Ids already read or assigned, by kind, both ways: a listing of 10,000 recipes must not ask
    /// the database 10,000 times.
    private let idCache = Mutex(IdCache())

    struct IdCache {
        var byKey: [String: [String: (id: Int, createdAt: String)]] = [:]
        var byId: [Int: (kind: String, key: String)] = [:]
        var loaded: Set<String> = []
    }

    /// Opens (creating when needed) the state of the workspace at `root`, recording times by `clock`.
    public init(workspaceRoot root: String, clock: @escaping @Sendable () -> Date) throws {
        self.clock = clock
        let folder = "\(root)/\(ServerStore.folder)"
        packagesFolder = "\(folder)/packages"
        try FileSystem.makeDirectories(packagesFolder)
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        pool = try DatabasePool(path: "\(folder)/state.sqlite", configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // AUTOINCREMENT: an id is never given twice, even after its row is gone.
            try db.execute(sql: """
                CREATE TABLE ids (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, key TEXT NOT NULL,
                                  created_at TEXT NOT NULL, UNIQUE (kind, key));
                CREATE TABLE tokens (name TEXT PRIMARY KEY, sha256 BLOB NOT NULL, created_at TEXT NOT NULL);
                CREATE TABLE manifests (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, folder TEXT NOT NULL,
                                        request TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                                        deleted_at TEXT, last_exported_at TEXT);
                CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, operation TEXT NOT NULL, status TEXT NOT NULL,
                                   manifest_id INTEGER, folder TEXT, restart_recipes INTEGER NOT NULL DEFAULT 0,
                                   package TEXT, body_sha256 TEXT, idempotency_key TEXT UNIQUE, error TEXT,
                                   recipe_status TEXT, created_at TEXT NOT NULL, finished_at TEXT);
                """)
        }
        return migrator
    }

    // MARK: - Ids

    /// The ids of `keys` of one kind (`folder` or `asset`), given now to those that have none.
    public func ids(kind: String, keys: [String]) throws -> [String: Int] {
        try loadIds(kind: kind)
        let missing = idCache.withLock { cache in keys.filter { cache.byKey[kind]?[$0] == nil } }
        if !missing.isEmpty {
            let now = APIJSON.timestamp(clock())
            let assigned = try pool.write { db -> [(String, Int, String)] in
                try missing.map { key in
                    try db.execute(sql: "INSERT OR IGNORE INTO ids (kind, key, created_at) VALUES (?, ?, ?)", arguments: [kind, key, now])
                    let row = try Row.fetchOne(db, sql: "SELECT id, created_at FROM ids WHERE kind = ? AND key = ?", arguments: [kind, key])!
                    return (key, row["id"], row["created_at"])
                }
            }
            idCache.withLock { cache in
                for (key, id, createdAt) in assigned {
                    cache.byKey[kind, default: [:]][key] = (id, createdAt)
                    cache.byId[id] = (kind, key)
                }
            }
        }
        return idCache.withLock { cache in
            var result: [String: Int] = [:]
            for key in keys { result[key] = cache.byKey[kind]?[key]?.id }
            return result
        }
    }

    public func id(kind: String, key: String) throws -> Int { try ids(kind: kind, keys: [key])[key]! }

    /// The key an id was given for, when it is of `kind`.
    public func key(ofId id: Int, kind: String) throws -> String? {
        try loadIds(kind: kind)
        return idCache.withLock { cache in cache.byId[id].flatMap { $0.kind == kind ? $0.key : nil } }
    }

    /// Gives the id of `from` to `to`: an item that moved (a connection put in another folder)
    /// keeps its id, as on the platform. An id `to` had, from a file once there, is dropped.
    public func move(kind: String, from: String, to: String) throws {
        try loadIds(kind: kind)
        try pool.write { db in
            try db.execute(sql: "DELETE FROM ids WHERE kind = ? AND key = ?", arguments: [kind, to])
            try db.execute(sql: "UPDATE ids SET key = ? WHERE kind = ? AND key = ?", arguments: [to, kind, from])
        }
        idCache.withLock { cache in
            if let dropped = cache.byKey[kind]?.removeValue(forKey: to) { cache.byId[dropped.id] = nil }
            guard let moved = cache.byKey[kind]?.removeValue(forKey: from) else { return }
            cache.byKey[kind]![to] = moved
            cache.byId[moved.id] = (kind, to)
        }
    }

    /// When the id of `key` was first given (nil when it has none yet): what the API reports as the
    /// item's creation time.
    public func creationTime(kind: String, key: String) -> String? {
        idCache.withLock { $0.byKey[kind]?[key]?.createdAt }
    }

    private func loadIds(kind: String) throws {
        guard !idCache.withLock({ $0.loaded.contains(kind) }) else { return }
        let rows = try pool.read { db in try Row.fetchAll(db, sql: "SELECT id, key, created_at FROM ids WHERE kind = ?", arguments: [kind]) }
        idCache.withLock { cache in
            for row in rows {
                let (id, key, createdAt): (Int, String, String) = (row["id"], row["key"], row["created_at"])
                cache.byKey[kind, default: [:]][key] = (id, createdAt)
                cache.byId[id] = (kind, key)
            }
            cache.loaded.insert(kind)
        }
    }
}
