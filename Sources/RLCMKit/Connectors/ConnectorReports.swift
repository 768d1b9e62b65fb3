import Foundation
import RLCMFormat

/// The result of `connector push` and `connector release`.
public struct ConnectorChangeReport: Report {
    public enum Action: String, Codable, Sendable {
        case created, versionAdded = "version_added", released
    }

    public var formatVersion = outputFormatVersion
    public var action: Action
    public var title: String
    public var providerKey: String
    public var versionNo: Int
    public var releasedVersion: Int?
    public var latestVersion: Int

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", action, title, providerKey = "provider_key", versionNo = "version_no"
        case releasedVersion = "released_version", latestVersion = "latest_version"
    }

    public var text: String {
        let released = releasedVersion.map { "released version \($0)" } ?? "no released version"
        switch action {
        case .created: return "Created connector '\(title)' (\(providerKey)) with version \(versionNo); \(released)"
        case .released: return "Released version \(versionNo) of '\(title)'"
        case .versionAdded: return "Added version \(versionNo) to '\(title)'; \(released), latest version \(latestVersion)"
        }
    }
}

/// `connector list`.
public struct ConnectorListReport: Report {
    public struct Row: Codable, Sendable {
        public var title: String
        public var providerKey: String
        public var releasedVersion: Int?
        public var latestVersion: Int
        enum CodingKeys: String, CodingKey { case title, providerKey = "provider_key", releasedVersion = "released_version", latestVersion = "latest_version" }
    }
    public var formatVersion = outputFormatVersion
    public var connectors: [Row]
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", connectors }

    public var text: String {
        if connectors.isEmpty { return "No custom connectors." }
        return TextTable.render(header: ["TITLE", "RELEASED", "LATEST", "PROVIDER KEY"], rows: connectors.map {
            [$0.title, $0.releasedVersion.map(String.init) ?? "-", String($0.latestVersion), $0.providerKey]
        })
    }
}

/// `connector show`.
public struct ConnectorDetailReport: Report {
    public struct Version: Codable, Sendable {
        public var versionNo: Int
        public var note: String?
        public var createdAt: String
        public var released: Bool
        public var latest: Bool
        /// Whether this is the version installers get.
        public var shared: Bool
        public var source: ConnectorVersion.Origin?
        enum CodingKeys: String, CodingKey { case versionNo = "version_no", note, createdAt = "created_at", released, latest, shared, source }
    }
    public struct RecipeUse: Codable, Sendable {
        public var path: String
        public var running: Bool
    }
    public var formatVersion = outputFormatVersion
    public var title: String
    public var providerKey: String
    public var description: String?
    public var logoFileName: String?
    public var releasedVersion: Int?
    public var latestVersion: Int
    public var sharedVersion: Int?
    public var visibility: Visibility
    public var uid: String?
    public var installedFrom: Connector.Installation?
    public var versions: [Version]
    public var recipes: [RecipeUse]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", title, providerKey = "provider_key", description, logoFileName = "logo_file_name"
        case releasedVersion = "released_version", latestVersion = "latest_version", sharedVersion = "shared_version", visibility, uid
        case installedFrom = "installed_from", versions, recipes
    }

    public var text: String {
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
