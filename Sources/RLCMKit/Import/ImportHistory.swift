import Foundation
import RLCMFormat

/// One import, as `rlcm history` lists it; kept in `.rlcm/history/<id>.json`.
public struct ImportRecord: Codable, Sendable, Equatable {
    public struct CreatedVersion: Codable, Sendable, Equatable {
        public var connector: String
        public var versionNo: Int
        public var packageVersionNo: Int?
        enum CodingKeys: String, CodingKey { case connector, versionNo = "version_no", packageVersionNo = "package_version_no" }
    }

    public var id: String
    public var time: String
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

    enum CodingKeys: String, CodingKey {
        case id, time, package, packageSHA256 = "package_sha256", project, summary
        case connectorVersions = "connector_versions", restartedRecipes = "restarted_recipes", unresolved, origin
    }

    static let folder = "\(Workspace.stateFolderName)/history"
}

extension ImportRecord {
    /// Records written before unresolved references were kept have none.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        time = try c.decode(String.self, forKey: .time)
        package = try c.decode(String.self, forKey: .package)
        packageSHA256 = try c.decode(String.self, forKey: .packageSHA256)
        project = try c.decode(String.self, forKey: .project)
        summary = try c.decode(ImportPlan.Summary.self, forKey: .summary)
        connectorVersions = try c.decode([CreatedVersion].self, forKey: .connectorVersions)
        restartedRecipes = try c.decode([String].self, forKey: .restartedRecipes)
        unresolved = try c.decodeIfPresent([ImportPlan.Unresolved].self, forKey: .unresolved) ?? []
        origin = try c.decodeIfPresent(String.self, forKey: .origin)
    }
}

/// `rlcm history`.
public struct HistoryReport: Report, Sendable {
    public var formatVersion = outputFormatVersion
    public var imports: [ImportRecord]
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", imports }
}

extension WorkspaceSession {
    public func history() throws -> HistoryReport {
        let folder = workspace.path(ImportRecord.folder)
        guard FileSystem.isDirectory(folder) else { return HistoryReport(imports: []) }
        let records = try FileSystem.children(folder).filter { $0.hasSuffix(".json") }.map { name in
            try StateCoding.decode(ImportRecord.self, from: try FileSystem.read("\(folder)/\(name)"), file: "\(folder)/\(name)")
        }
        return HistoryReport(imports: records.sorted { ($0.time, $0.id) < ($1.time, $1.id) })
    }
}
