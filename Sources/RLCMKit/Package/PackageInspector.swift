/// `rlcm inspect`: what a package holds, for packages from Workato as well as ours.
public struct InspectReport: Report {
    public struct Asset: Codable, Sendable {
        public var zipName: String
        public var type: String
        public var name: String?
        public var size: Int
        enum CodingKeys: String, CodingKey { case zipName = "zip_name", type, name, size }
    }
    public struct Connector: Codable, Sendable {
        public var title: String
        public var versionNo: Int
        public var note: String?
        public var zipName: String
        public var files: [String]
        public var providerKeys: [String]
        public var actions: [String]
        public var triggers: [String]
        enum CodingKeys: String, CodingKey {
            case title, versionNo = "version_no", note, zipName = "zip_name", files, providerKeys = "provider_keys", actions, triggers
        }
    }

    public var formatVersion = outputFormatVersion
    public var package: String
    public var sha256: String
    /// Every entry, the connector trios included.
    public var fileCount: Int
    public var assets: [Asset]
    public var dependencies: [DependencyGraph.Edge]
    public var connectors: [Connector]
    public var problems: [String]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", package, sha256, fileCount = "file_count", assets, dependencies, connectors, problems
    }

    public var text: String {
        var lines = ["Package \(package)", "  sha256 \(sha256)", "  \(fileCount) files", "", "Assets:"]
        lines += TextTable.render(header: ["TYPE", "ENTRY", "NAME"], rows: assets.map { [$0.type, $0.zipName, $0.name ?? ""] })
            .split(separator: "\n").map { "  \($0)" }
        lines += ["", "Dependencies:"]
        lines += dependencies.isEmpty ? ["  (none)"] : dependencies.map { "  \($0.from) -> \($0.to)  (\($0.jsonPath))" }
        lines += ["", "Custom connectors:"]
        if connectors.isEmpty { lines.append("  (none)") }
        for connector in connectors {
            lines.append("  \(connector.title)  version \(connector.versionNo)  \(connector.zipName)")
            lines.append("    note: \(connector.note ?? "(none)")")
            if !connector.providerKeys.isEmpty { lines.append("    provider keys: \(connector.providerKeys.joined(separator: ", "))") }
            lines.append("    actions: \(connector.actions.joined(separator: ", "))")
            lines.append("    triggers: \(connector.triggers.joined(separator: ", "))")
        }
        lines += ["", problems.isEmpty ? "No problems." : "Problems:"]
        lines += problems.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }
}

public enum PackageInspector {
    public static func inspect(_ file: String, progress: (any ProgressSink)? = nil) throws -> InspectReport {
        let index = try PackageIndex(file: file, progress: progress)
        var problems = (index.malformed + index.unresolved).map(\.description)
        for (key, recipes) in index.untiedKeys.sorted(by: { $0.key < $1.key }) {
            problems.append("provider key '\(key)' used by \(recipes.sorted().joined(separator: ", ")) is tied to no custom connector of the package (no connection of its config[] names a custom_adapter file)")
        }
        let connectors = index.connectors.map { carried -> InspectReport.Connector in
            let source = carried.code.map { ConnectorSource(code: String(decoding: $0, as: UTF8.self)) }
            if carried.code == nil { problems.append("connector '\(carried.title)': '\(carried.codeEntry)' is missing") }
            return InspectReport.Connector(
                title: carried.title, versionNo: carried.versionNo, note: carried.note, zipName: carried.zipName,
                files: [carried.zipName] + (carried.code == nil ? [] : [carried.codeEntry]) + (carried.logoEntry.map { [$0] } ?? []),
                providerKeys: index.connectorByKey.filter { $0.value == carried.base }.keys.sorted(),
                actions: source.map { $0.actions.sorted() } ?? [], triggers: source.map { $0.triggers.sorted() } ?? [])
        }
        let connectorFiles = connectors.reduce(0) { $0 + $1.files.count }
        return InspectReport(package: file, sha256: index.sha256, fileCount: index.assets.count + connectorFiles,
                             assets: index.assets.map { .init(zipName: $0.zipName, type: $0.type ?? "file", name: $0.name, size: $0.size) },
                             dependencies: index.edges, connectors: connectors, problems: problems)
    }
}
