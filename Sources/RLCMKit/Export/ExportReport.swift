import RLCMFormat
/// What an export packed, printed by `rlcm export` (its `--json` form follows `Schemas/export-report.schema.json`).
public struct ExportReport: Report, Codable, Sendable {
    public struct Asset: Codable, Sendable {
        public var type: String
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

    public var text: String {
        var lines = ["Exported '\(folder)' to \(package)", "  sha256 \(sha256)", "", "Assets (\(assets.count)):"]
        lines += TextTable.render(header: ["TYPE", "ENTRY", "FROM"], rows: assets.map {
            [$0.type, $0.zipName, $0.dependency ? "\($0.path) (dependency)" : $0.path]
        }).split(separator: "\n").map { "  \($0)" }
        lines += ["", "Custom connectors (\(connectors.count)):"]
        if connectors.isEmpty { lines.append("  (none)") }
        for connector in connectors {
            lines.append("  \(connector.title)  version \(connector.versionNo)  \(connector.zipName)")
            lines.append("    note: \(connector.note ?? "(none)")")
        }
        if !excluded.isEmpty {
            lines += ["", "Excluded by the manifest (the package refers to them; the target must have its own):"]
            lines += excluded.map { "  \($0.type)  \($0.zipName)  referenced by \($0.referencedBy.joined(separator: ", "))" }
        }
        if !unresolved.isEmpty {
            lines += ["", "Unresolved references (exported anyway):"] + unresolved.map { "  \($0)" }
        }
        if !notes.isEmpty { lines += ["", "Notes:"] + notes.map { "  \($0)" } }
        return lines.joined(separator: "\n")
    }
}
