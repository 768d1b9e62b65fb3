import RLCMKit

/// `rlcm history`: one import or rollback a row, its package hash cut to what a person compares,
/// and whether it can still be rolled back.
extension HistoryReport: WholeTextRendering {
    package var text: String {
        if imports.isEmpty { return "No imports yet." }
        let table = TextTable.render(header: ["ID", "TIME", "KIND", "PROJECT", "CREATED", "UPDATED", "CONNECTOR VERSIONS", "PACKAGE SHA-256", "UNDO"],
                                     rows: imports.map { entry in
            let record = entry.record
            return [record.id, record.time, record.kind == .rollback ? "rollback of \(record.undid ?? "?")" : "import", record.project,
                    String(record.summary.create), String(record.summary.update),
                    record.connectorVersions.map { "\($0.connector) v\($0.versionNo)" }.joined(separator: ", "), String(record.packageSHA256.prefix(12)),
                    entry.undoneBy.map { "rolled back by \($0)" } ?? (entry.undoKept ? "kept" : "not kept")]
        })
        return table + "\nUndo data is kept for the last \(undoKept) imports and rollbacks ('rlcm workspace set undo-kept N')."
    }
}

/// `rlcm drift`: per project, each drifted file and connector release, or that nothing drifted.
extension DriftReport: WholeTextRendering {
    package var text: String {
        if projects.isEmpty { return "No project has been imported into yet: nothing to compare." }
        var lines: [String] = []
        for project in projects {
            lines.append("\(project.project): since \(project.since) (\(project.time))")
            if !project.drifted { lines.append("  no drift"); continue }
            for file in project.files {
                lines.append("  \([.edited: "~", .removed: "x", .added: "+"][file.change] ?? "?") \(file.path)  \(file.change.rawValue)")
            }
            for release in project.connectors {
                let recorded = release.recorded.map { "version \($0)" } ?? "unreleased"
                let now = release.removed ? "removed from the store" : "released \(release.released.map { "version \($0)" } ?? "nothing")"
                lines.append("  ! connector \(release.title): \(now), the import left \(recorded)")
            }
        }
        let count = projects.filter(\.drifted).count
        lines.append("")
        lines.append(drifted ? "Drift: \(count) of \(projects.count) project\(projects.count == 1 ? "" : "s") changed since their last import."
                             : "No drift: every project is as its last import left it.")
        return lines.joined(separator: "\n")
    }
}
