import Foundation
import RLCMKit

/// `connector push|release|list|show` as people read them.
extension ConnectorChangeReport: WholeTextRendering {
    package var text: String {
        let released = releasedVersion.map { "released version \($0)" } ?? "no released version"
        switch action {
        case .created: return "Created connector '\(title)' (\(providerKey)) with version \(versionNo); \(released)"
        case .released: return "Released version \(versionNo) of '\(title)'"
        case .versionAdded: return "Added version \(versionNo) to '\(title)'; \(released), latest version \(latestVersion)"
        }
    }
}

extension ConnectorListReport: WholeTextRendering {
    package var text: String {
        if connectors.isEmpty { return "No custom connectors." }
        return TextTable.render(header: ["TITLE", "RELEASED", "LATEST", "PROVIDER KEY"], rows: connectors.map {
            [$0.title, $0.releasedVersion.map(String.init) ?? "-", String($0.latestVersion), $0.providerKey]
        })
    }
}

extension ConnectorDetailReport: WholeTextRendering {
    package var text: String {
        var lines = ["\(title)", "  provider key:     \(providerKey)",
                     "  released version: \(releasedVersion.map(String.init) ?? "none")",
                     "  latest version:   \(latestVersion)",
                     "  shared version:   \(sharedVersion.map(String.init) ?? "none")",
                     "  source:           \(visibility.rawValue)"]
        if let installedFrom {
            lines.append("  installed from:   library connector \(installedFrom.libraryUID), version \(installedFrom.versionNo)")
            if installedFrom.visibility == .closed { lines.append("  the source is closed: its code stays in the library and cannot be read") }
        }
        if let description {
            lines.append("  description:      \(description.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " "))")
        }
        lines.append("  versions:")
        for version in versions.reversed() {
            var marks: [String] = []
            if version.released { marks.append("released") }
            if version.latest { marks.append("latest") }
            if version.shared { marks.append("shared") }
            let mark = marks.isEmpty ? "" : " [\(marks.joined(separator: ", "))]"
            lines.append("    v\(version.versionNo)\(mark)  \(version.createdAt)  \(version.note ?? "(no note)")")
        }
        lines.append(recipes.isEmpty ? "  used by no recipes" : "  used by \(recipes.count) recipe\(recipes.count == 1 ? "" : "s"):")
        for recipe in recipes { lines.append("    \(recipe.path)\(recipe.running ? "  (running)" : "")") }
        return lines.joined(separator: "\n")
    }
}
