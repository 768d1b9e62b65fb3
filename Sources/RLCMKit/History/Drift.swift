import Foundation
import RLCMFormat

/// `rlcm drift`: what differs in the workspace from what its imports and rollbacks last left,
/// project by project (`ProjectBaseline`): files edited, removed or added since, and connectors
/// whose released version is no longer the one they released.
public struct DriftReport: Report, Codable, Sendable, Equatable {
    public enum FileChange: String, Codable, Sendable { case edited, removed, added }

    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var change: FileChange
    }

    public struct ConnectorRelease: Codable, Sendable, Equatable {
        public var title: String
        /// The released version the last import or rollback left.
        public var recorded: Int?
        /// The released version now; nil when it is unreleased or the connector is gone.
        public var released: Int?
        public var removed: Bool
    }

    public struct Project: Codable, Sendable, Equatable {
        public var project: String
        /// The last import or rollback that wrote the project, and when.
        public var since: String
        public var time: String
        public var files: [File]
        public var connectors: [ConnectorRelease]

        public var drifted: Bool { !files.isEmpty || !connectors.isEmpty }
    }

    public var formatVersion = outputFormatVersion
    public var projects: [Project]
    public var drifted: Bool

    public init(projects: [Project]) {
        self.projects = projects
        drifted = projects.contains { $0.drifted }
    }

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", projects, drifted }
}

extension WorkspaceSession {
    /// The drift of `project`, or of every project an import wrote.
    public func drift(project: String?) throws -> DriftReport {
        let known = try ProjectBaseline.projects(in: workspace)
        if let project, !known.contains(project) { throw HistoryError.unknownProject(project, known: known) }
        let connectors = try self.connectors.all()
        return DriftReport(projects: try (project.map { [$0] } ?? known).compactMap { name in
            guard let baseline = try ProjectBaseline.load(name, in: workspace) else { return nil }
            return try drift(of: baseline, connectors: connectors)
        })
    }

    private func drift(of baseline: ProjectBaseline, connectors: [Connector]) throws -> DriftReport.Project {
        let present = FileSystem.isDirectory(workspace.path(baseline.project))
            ? try WorkspaceScanner(workspace: workspace).files(below: baseline.project) : []
        var files: [DriftReport.File] = []
        for path in present {
            guard let recorded = baseline.files[path] else { files.append(.init(path: path, change: .added)); continue }
            if Hashing.sha256(try FileSystem.read(workspace.path(path))) != recorded { files.append(.init(path: path, change: .edited)) }
        }
        let presentSet = Set(present)
        files += baseline.files.keys.filter { !presentSet.contains($0) }.map { .init(path: $0, change: .removed) }
        let releases = baseline.connectors.compactMap { release -> DriftReport.ConnectorRelease? in
            let now = connectors.first { $0.id == release.id }
            if let now, now.releasedVersion == release.releasedVersion { return nil }
            return .init(title: release.title, recorded: release.releasedVersion, released: now?.releasedVersion, removed: now == nil)
        }
        return .init(project: baseline.project, since: baseline.record, time: baseline.time,
                     files: files.sorted { $0.path < $1.path }, connectors: releases)
    }
}
