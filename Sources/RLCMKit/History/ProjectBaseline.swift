import Foundation
import RLCMFormat

/// What the last import or rollback that wrote a project left there: every file of the project
/// with its SHA-256, and the released version of each connector it changed. `rlcm drift` compares
/// the workspace with it. Kept with the history (`.rlcm/history/projects/<project>.json`): like the
/// records, it says what happened, and a rollback does not restore it but writes it anew.
public struct ProjectBaseline: Codable, Sendable, Equatable {
    public struct Release: Codable, Sendable, Equatable {
        public var id: Int
        public var title: String
        public var releasedVersion: Int?
        enum CodingKeys: String, CodingKey { case id, title, releasedVersion = "released_version" }
    }

    public var project: String
    /// The import or rollback that wrote it last.
    public var record: String
    public var time: String
    /// Workspace-relative path → SHA-256.
    public var files: [String: String]
    public var connectors: [Release]

    static let folder = "\(HistoryRecord.folder)/projects"
    static func file(_ project: String) -> String { "\(folder)/\(project).json" }

    static func load(_ project: String, in workspace: Workspace) throws -> ProjectBaseline? {
        let path = workspace.path(file(project))
        guard FileSystem.isRegularFile(path) else { return nil }
        return try StateCoding.decode(ProjectBaseline.self, from: try FileSystem.read(path), file: path)
    }

    /// Every project that has one, sorted.
    static func projects(in workspace: Workspace) throws -> [String] {
        let base = workspace.path(folder)
        guard FileSystem.isDirectory(base) else { return [] }
        return try FileSystem.children(base).filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Writes, in `transaction`, the baseline of `project` after the change `undo` describes
    /// (made by `record` at `time`): its files as they will be (the changed ones by their new
    /// digest, the others by the baseline's, or read when it has none) and its connectors' releases.
    static func update(_ project: String, after undo: UndoRecord, record: String, time: String,
                       in transaction: Transaction, workspace: Workspace) throws {
        let previous = try load(project, in: workspace)
        var present = Set(FileSystem.isDirectory(workspace.path(project)) ? try WorkspaceScanner(workspace: workspace).files(below: project) : [])
        var changed: [String: String] = [:]
        var releases = Dictionary((previous?.connectors ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for change in undo.changes {
            if change.path.hasPrefix("\(project)/") {
                if let after = change.after { present.insert(change.path); changed[change.path] = after } else { present.remove(change.path) }
            }
            if let id = ConnectorStore.id(ofRecord: change.path) {
                if change.after == nil { releases[id] = nil; continue }
                let connector = try StateCoding.decode(Connector.self, from: try transaction.stagedBytes(change.path), file: change.path)
                releases[id] = Release(id: id, title: connector.title, releasedVersion: connector.releasedVersion)
            }
        }
        var files: [String: String] = [:]
        for path in present {
            files[path] = try changed[path] ?? previous?.files[path] ?? Hashing.sha256(FileSystem.read(workspace.path(path)))
        }
        let baseline = ProjectBaseline(project: project, record: record, time: time, files: files,
                                       connectors: releases.values.sorted { $0.title < $1.title })
        if previous.map({ $0.files == baseline.files && $0.connectors == baseline.connectors }) == true { return }
        try transaction.write(file(project), try StateCoding.encode(baseline))
    }
}
