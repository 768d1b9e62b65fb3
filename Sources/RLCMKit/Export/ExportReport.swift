import RLCMFormat
/// What an export packed, printed by `rlcm export` (its `--json` form follows `Schemas/export-report.schema.json`).
public struct ExportReport: Report, Codable, Sendable {
    public struct Asset: Codable, Sendable {
        public var type: AssetType
        public var path: String
        public var zipName: String
        public var dependency: Bool
        enum CodingKeys: String, CodingKey { case type, path, zipName = "zip_name", dependency }
    }
    public struct PackedConnector: Codable, Sendable {
        public var title: String
        public var versionNo: Int
        public var note: String?
        public var zipName: String
        public var usedBy: [String]
        enum CodingKeys: String, CodingKey { case title, versionNo = "version_no", note, zipName = "zip_name", usedBy = "used_by" }
    }

    public var formatVersion = outputFormatVersion
    public var package: String
    public var sha256: String
    public var project: String
    public var folder: String
    public var assets: [Asset]
    public var connectors: [PackedConnector]
    /// References that resolve to nothing, packed anyway because of `--allow-unresolved`.
    public var unresolved: [UnresolvedReference]
    /// Assets an export manifest leaves out although packed assets refer to them.
    public var excluded: [ExportSelection.Excluded]
    /// Things the export changed on the way, such as credential fields removed from connections.
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", package, sha256, project, folder, assets, connectors, unresolved, excluded, notes
    }
}
