import RLCMCommandLine
import RLCMClient
import RLCMKit

/// The remotes and what `--remote` did there, as people read them.
extension RemoteList: WholeTextRendering {
    package var text: String {
        guard !remotes.isEmpty else { return "No remotes yet; add one with 'rlcm remote add NAME URL'." }
        return TextTable.render(header: ["NAME", "URL"], rows: remotes.map { [$0.name, $0.url] })
    }
}

extension RemoteChange: WholeTextRendering {
    package var text: String {
        "\(action == .added ? "Added" : "Removed") remote '\(remote.name)' (\(remote.url))"
            + (action == .added ? "; the token comes from WORKATO_API_TOKEN or --token-file, never from rlcm's files" : "")
    }
}

extension RemoteImportReport: WholeTextRendering {
    package var text: String {
        var lines = ["Imported \(package) into '\(project)' on remote '\(remote.name)' (\(remote.url)): import job \(job.id) \(job.status.rawValue)",
                     "  package sha256 \(packageSHA256)"]
        if let checkedPlan { lines.append("  checked against \(checkedPlan) first: nothing it depends on had changed") }
        lines += ["", "Recipes (as the remote reports them):"]
        if recipes.isEmpty { lines.append("  (none)") }
        let rows = recipes.map { [String($0.id), $0.name ?? "", $0.importResult] }
        if !rows.isEmpty { lines += TextTable.lines(header: ["ID", "NAME", "IMPORT RESULT"], rows: rows).map { "  \($0)" } }
        return lines.joined(separator: "\n")
    }
}

extension RemoteExportReport: WholeTextRendering {
    package var text: String {
        "Exported '\(folder)' from remote '\(remote.name)' (\(remote.url)) to \(output): \(assets) asset\(assets == 1 ? "" : "s"), "
            + "\(connectors.count) custom connector\(connectors.count == 1 ? "" : "s")\(connectors.isEmpty ? "" : " (\(connectors.joined(separator: ", ")))"), \(bytes) bytes\n"
            + "  package sha256 \(packageSHA256)"
    }
}
