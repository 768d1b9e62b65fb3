import RLCMKit

/// `rlcm history`: one import a row, its package hash cut to what a person compares.
extension HistoryReport: WholeTextRendering {
    var text: String {
        if imports.isEmpty { return "No imports yet." }
        return TextTable.render(header: ["ID", "TIME", "PROJECT", "CREATED", "UPDATED", "CONNECTOR VERSIONS", "PACKAGE SHA-256"], rows: imports.map {
            [$0.id, $0.time, $0.project, String($0.summary.create), String($0.summary.update),
             $0.connectorVersions.map { "\($0.connector) v\($0.versionNo)" }.joined(separator: ", "), String($0.packageSHA256.prefix(12))]
        })
    }
}
