import Foundation
import RLCMFormat

/// What an import or a rollback changed, file by file, with what each file held before: enough to
/// put every one back exactly. Kept in `.rlcm/undo/<record id>.json`; the previous contents are
/// content-addressed objects beside it (`UndoStore`), so a file that many records kept costs its
/// bytes once.
///
/// The files are the workspace's projects and the connector store (`tracked`). Connector
/// versions, releases and creations are changes of store files, so putting the files back puts
/// the released versions back and takes out what was added. Recipe run states are not files the
/// record restores: `running` says which of its recipes ran before.
public struct UndoRecord: Codable, Sendable, Equatable {
    public struct Change: Codable, Sendable, Equatable {
        /// Workspace-relative.
        public var path: String
        /// SHA-256 of the file before and after; nil: there was none.
        public var before: String?
        public var after: String?
    }

    /// What undo data a record holds: its changed files and the bytes of previous contents it
    /// was the first to keep.
    public struct Size: Codable, Sendable, Equatable {
        public var files: Int
        public var bytes: Int
    }

    public var id: String
    public var changes: [Change]
    /// Folders the change created, deepest last: a rollback removes them where they are empty.
    public var createdFolders: [String]
    /// Changed recipes that were running before the change.
    public var running: [String]

    enum CodingKeys: String, CodingKey { case id, changes, createdFolders = "created_folders", running }

    /// The objects the record needs: the previous contents it names.
    var objects: Set<String> { Set(changes.compactMap(\.before)) }

    /// Whether undo data covers `path`: project files and the connector store, not rlcm's records,
    /// caches or recipe states.
    static func tracked(_ path: String) -> Bool {
        !path.hasPrefix("\(Workspace.stateFolderName)/") || path.hasPrefix("\(ConnectorStore.folder)/")
    }
}

/// `.rlcm/undo/`: one `UndoRecord` per import or rollback that changed files, and the previous
/// contents they name under `objects/<2 hex>/<62 hex>`. Beside each record, `<id>.objects` lists
/// the objects it names (`UndoRecord.objects`), one SHA-256 a line: pruning, which every import
/// does, reads those lists instead of decoding each kept record in full.
struct UndoStore {
    let workspace: Workspace

    static let folder = "\(Workspace.stateFolderName)/undo"

    static func object(_ sha256: String) -> String { "\(folder)/objects/\(sha256.prefix(2))/\(sha256.dropFirst(2))" }
    static func recordFile(_ id: String) -> String { "\(folder)/\(id).json" }
    static func objectListFile(_ id: String) -> String { "\(folder)/\(id).objects" }

    /// The undo record of `id`, nil when none is kept.
    func record(_ id: String) throws -> UndoRecord? {
        let path = workspace.path(Self.recordFile(id))
        guard FileSystem.isRegularFile(path) else { return nil }
        return try StateCoding.decode(UndoRecord.self, from: try FileSystem.read(path), file: path)
    }

    /// The objects the kept record `id` names: its list, or the record itself when the list is
    /// missing (removed by hand), so that pruning never frees what a kept record needs.
    private func objects(namedBy id: String) throws -> Set<String> {
        let list = workspace.path(Self.objectListFile(id))
        guard FileSystem.isRegularFile(list) else { return try record(id)?.objects ?? [] }
        return Set(try FileSystem.read(list).split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) })
    }

    /// Whether `record` can be rolled back: it changed nothing, or its undo data is kept.
    func has(_ record: HistoryRecord) -> Bool {
        guard let size = record.undo else { return false }
        return size.files == 0 || FileSystem.isRegularFile(workspace.path(Self.recordFile(record.id)))
    }

    /// The bytes a file held, as an undo record names them.
    func contents(_ sha256: String, for path: String) throws -> [UInt8] {
        let object = workspace.path(Self.object(sha256))
        guard FileSystem.isRegularFile(object) else { throw HistoryError.missingObject(path: path, object: Self.object(sha256)) }
        let bytes = try FileSystem.read(object)
        guard Hashing.sha256(bytes) == sha256 else { throw HistoryError.missingObject(path: path, object: Self.object(sha256)) }
        return bytes
    }

    /// Records in `transaction`, before it commits, what it changes of the tracked files and what
    /// they held: the previous contents become objects (hard links, not copies) unless the store
    /// has them. `known`: digests of current files the caller already computed. `states`: the
    /// recipe run states before the change.
    func capture(id: String, in transaction: Transaction, known: [String: String], states: RecipeStates) throws -> (record: UndoRecord, size: UndoRecord.Size) {
        var changes: [UndoRecord.Change] = []
        var kept = Set<String>(), bytes = 0
        for operation in transaction.operations where UndoRecord.tracked(operation.target) {
            let path = operation.target, full = workspace.path(path)
            let stamp = FileSystem.stamp(full)
            let before = stamp != nil ? try known[path] ?? Hashing.sha256(FileSystem.read(full)) : nil
            let after = try transaction.stagedDigest(path)
            guard before != after else { continue }
            if let before, !kept.contains(before), !FileSystem.exists(workspace.path(Self.object(before))) {
                try transaction.keep(path, as: Self.object(before))
                kept.insert(before)
                bytes += stamp.map { Int($0.size) } ?? 0
            }
            changes.append(.init(path: path, before: before, after: after))
        }
        changes.sort { $0.path < $1.path }
        let created = try transaction.foldersToCreate().filter(UndoRecord.tracked)
        let record = UndoRecord(id: id, changes: changes, createdFolders: created,
                                running: changes.map(\.path).filter { states.isRunning($0) })
        if !changes.isEmpty {
            try transaction.write(Self.recordFile(id), try StateCoding.encode(record))
            try transaction.write(Self.objectListFile(id), Array(record.objects.sorted().map { "\($0)\n" }.joined().utf8))
        }
        return (record, UndoRecord.Size(files: changes.count, bytes: bytes))
    }

    /// Removes, in `transaction`, the undo data of all but the newest `keep` records that have
    /// some (never the newest's: `keep` is at least 1), and the objects no kept record names.
    /// `adding`: the record the transaction writes; `order`: the history's own ids among the ones
    /// it is given, oldest first.
    func prune(keep: Int, adding: UndoRecord, in transaction: Transaction, order: (Set<String>) throws -> [String]) throws {
        let base = workspace.path(Self.folder)
        guard FileSystem.isDirectory(base) else { return }
        var stored = Set(try FileSystem.children(base).filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) })
        if !adding.changes.isEmpty { stored.insert(adding.id) }
        guard stored.count > max(keep, 1) else { return }
        // Records the history does not know (none, unless someone removed history files) go first.
        let known = try order(stored).filter(stored.contains)
        let ids = stored.subtracting(known).sorted() + known
        let dropped = ids.dropLast(max(keep, 1))
        var named = Set<String>()
        for id in ids.suffix(max(keep, 1)) {
            named.formUnion(id == adding.id ? adding.objects : try objects(namedBy: id))
        }
        // Every object was written with a record that names it, so only what the dropped records
        // name can be freed: no listing of every object (256 folders) on each import.
        var freed = Set<String>()
        for id in dropped {
            freed.formUnion(try objects(namedBy: id))
            try transaction.remove(Self.recordFile(id))
            try transaction.remove(Self.objectListFile(id))
        }
        freed.subtract(named)
        for object in freed.sorted() { try transaction.remove(Self.object(object)) }
        for prefix in Set(freed.map { $0.prefix(2) }).sorted() { transaction.removeIfEmptied(folder: "\(Self.folder)/objects/\(prefix)") }
    }
}
