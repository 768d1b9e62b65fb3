import Foundation
import RLCMFormat

/// One import or rollback, as `rlcm history` lists it; kept in `.rlcm/history/<id>.json`.
public struct HistoryRecord: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case `import`, rollback
    }

    public struct CreatedVersion: Codable, Sendable, Equatable {
        public var connector: String
        public var versionNo: Int
        public var packageVersionNo: Int?
        enum CodingKeys: String, CodingKey { case connector, versionNo = "version_no", packageVersionNo = "package_version_no" }
    }

    public var id: String
    /// The record's place in the history, from 1: the order imports and rollbacks happened in,
    /// even when a fixed clock gives them one time. Nil in records older than rollbacks, which
    /// come first, in time order.
    public var sequence: Int?
    public var kind: Kind
    public var time: String
    /// For a rollback: the record it undid.
    public var undid: String?
    /// The package imported (for a rollback: the one the undone import brought).
    public var package: String
    public var packageSHA256: String
    public var project: String
    public var summary: ImportPlan.Summary
    public var connectorVersions: [CreatedVersion]
    public var restartedRecipes: [String]
    /// The references the import left open (warnings of its plan).
    public var unresolved: [ImportPlan.Unresolved]
    /// Who asked for it (`ImportOptions.origin`); nil for `rlcm import`.
    public var origin: String?
    /// What its undo data holds when it was written (`UndoRecord`); nil in records older than undo data.
    public var undo: UndoRecord.Size?

    public init(id: String, kind: Kind, time: String, undid: String? = nil, package: String, packageSHA256: String, project: String,
                summary: ImportPlan.Summary, connectorVersions: [CreatedVersion], restartedRecipes: [String],
                unresolved: [ImportPlan.Unresolved], origin: String?, undo: UndoRecord.Size?) {
        self.id = id
        self.sequence = nil
        self.kind = kind
        self.time = time
        self.undid = undid
        self.package = package
        self.packageSHA256 = packageSHA256
        self.project = project
        self.summary = summary
        self.connectorVersions = connectorVersions
        self.restartedRecipes = restartedRecipes
        self.unresolved = unresolved
        self.origin = origin
        self.undo = undo
    }

    enum CodingKeys: String, CodingKey {
        case id, sequence, kind, time, undid, package, packageSHA256 = "package_sha256", project, summary
        case connectorVersions = "connector_versions", restartedRecipes = "restarted_recipes", unresolved, origin, undo
    }

    static let folder = "\(Workspace.stateFolderName)/history"

    /// To the millisecond: imports and rollbacks hold the workspace lock, so two never share an
    /// id (to the second, two imports of one package in the same second did, and the second
    /// record replaced the first).
    static func id(at date: Date, suffix: String) -> String {
        let f = Timestamp.fields(date)
        let day = Timestamp.padded(f.year, 4) + Timestamp.padded(f.month) + Timestamp.padded(f.day)
        let time = Timestamp.padded(f.hour) + Timestamp.padded(f.minute) + Timestamp.padded(f.second) + "." + Timestamp.padded(f.millisecond, 3)
        return "\(day)T\(time)Z-\(suffix)"
    }
}

extension HistoryRecord {
    /// Records written before rollbacks existed are imports; before unresolved references were
    /// kept they have none; before undo data, no size.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        sequence = try c.decodeIfPresent(Int.self, forKey: .sequence)
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .import
        time = try c.decode(String.self, forKey: .time)
        undid = try c.decodeIfPresent(String.self, forKey: .undid)
        package = try c.decode(String.self, forKey: .package)
        packageSHA256 = try c.decode(String.self, forKey: .packageSHA256)
        project = try c.decode(String.self, forKey: .project)
        summary = try c.decode(ImportPlan.Summary.self, forKey: .summary)
        connectorVersions = try c.decode([CreatedVersion].self, forKey: .connectorVersions)
        restartedRecipes = try c.decode([String].self, forKey: .restartedRecipes)
        unresolved = try c.decodeIfPresent([ImportPlan.Unresolved].self, forKey: .unresolved) ?? []
        origin = try c.decodeIfPresent(String.self, forKey: .origin)
        undo = try c.decodeIfPresent(UndoRecord.Size.self, forKey: .undo)
    }
}

/// `rlcm history`.
public struct HistoryReport: Report, Sendable {
    public var formatVersion = outputFormatVersion
    /// How many of the newest records keep undo data (`WorkspaceSettings.undoKept`).
    public var undoKept: Int
    /// Imports and rollbacks, oldest first.
    public var imports: [Entry]

    /// A record, and whether it can still be rolled back.
    public struct Entry: Codable, Sendable, Equatable {
        public var record: HistoryRecord
        /// Whether its undo data is still kept (`rlcm rollback` needs it).
        public var undoKept: Bool
        /// The rollback that undid it, while that rollback stands.
        public var undoneBy: String?

        public init(record: HistoryRecord, undoKept: Bool, undoneBy: String?) {
            self.record = record
            self.undoKept = undoKept
            self.undoneBy = undoneBy
        }

        enum CodingKeys: String, CodingKey { case undoKept = "undo_kept", undoneBy = "undone_by" }

        public func encode(to encoder: Encoder) throws {
            try record.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(undoKept, forKey: .undoKept)
            try c.encode(undoneBy, forKey: .undoneBy)
        }

        public init(from decoder: Decoder) throws {
            record = try HistoryRecord(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            undoKept = try c.decodeIfPresent(Bool.self, forKey: .undoKept) ?? false
            undoneBy = try c.decodeIfPresent(String.self, forKey: .undoneBy)
        }
    }

    public init(undoKept: Int, imports: [Entry]) {
        self.undoKept = undoKept
        self.imports = imports
    }

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", undoKept = "undo_kept", imports }
}

extension WorkspaceSession {
    /// Every record, oldest first.
    func historyRecords() throws -> [HistoryRecord] {
        try historyRecords(files: historyFiles())
    }

    /// The records of `ids` that the history holds, oldest first.
    func historyRecords(ids: Set<String>) throws -> [HistoryRecord] {
        try historyRecords(files: ids.map { "\($0).json" }.filter { FileSystem.exists(workspace.path("\(HistoryRecord.folder)/\($0)")) })
    }

    /// How many records the history holds, none of them read.
    func historyCount() throws -> Int { try historyFiles().count }

    private func historyFiles() throws -> [String] {
        let folder = workspace.path(HistoryRecord.folder)
        guard FileSystem.isDirectory(folder) else { return [] }
        return try FileSystem.children(folder).filter { $0.hasSuffix(".json") }
    }

    private func historyRecords(files: [String]) throws -> [HistoryRecord] {
        let folder = workspace.path(HistoryRecord.folder)
        let records = try files.map { name in
            try StateCoding.decode(HistoryRecord.self, from: try FileSystem.read("\(folder)/\(name)"), file: "\(folder)/\(name)")
        }
        return records.sorted { ($0.sequence ?? 0, $0.time, $0.id) < ($1.sequence ?? 0, $1.time, $1.id) }
    }

    public func history() throws -> HistoryReport {
        let line = try HistoryLine(try historyRecords())
        let undo = UndoStore(workspace: workspace)
        return HistoryReport(undoKept: workspace.settings.undoKept, imports: line.records.map {
            .init(record: $0, undoKept: undo.has($0), undoneBy: line.undoneBy[$0.id])
        })
    }
}
