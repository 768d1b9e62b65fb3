import RLCMKit

/// `rlcm export` and `rlcm manifest -o` as people read them.
extension ExportReport: WholeTextRendering {
    package var text: String {
        var lines = ["Exported '\(folder)' to \(package)", "  sha256 \(sha256)", "", "Assets (\(assets.count)):"]
        lines += TextTable.lines(header: ["TYPE", "ENTRY", "FROM"], rows: assets.map {
            [$0.type.rawValue, $0.zipName, $0.dependency ? "\($0.path) (dependency)" : $0.path]
        }).map { "  \($0)" }
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

extension ManifestReport: WholeTextRendering {
    package var text: String { "Wrote manifest \(manifest): \(assets) assets of '\(folder)' and its dependencies, all checked" }
}
