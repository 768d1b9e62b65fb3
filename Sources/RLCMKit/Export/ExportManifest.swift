import Foundation
import RLCMFormat

/// An editable list of what an export packs, shaped like the body of Workato's export-manifest API.
/// `rlcm manifest` writes it with every asset checked; users uncheck what they want left out and
/// pass it to `rlcm export --manifest`.
public struct ExportManifest: Codable, Sendable, Equatable, Report {
    public struct Asset: Codable, Sendable, Equatable {
        public var type: AssetType
        public var name: String?
        /// Workspace-relative path; absent for custom connectors, which live in the connector store.
        public var path: String?
        public var zipName: String
        public var checked: Bool
        /// Reached through a reference rather than lying in the exported folder.
        public var dependency: Bool

        public init(type: AssetType, name: String?, path: String?, zipName: String, checked: Bool, dependency: Bool) {
            self.type = type
            self.name = name
            self.path = path
            self.zipName = zipName
            self.checked = checked
            self.dependency = dependency
        }

        enum CodingKeys: String, CodingKey { case type, name, path, zipName = "zip_name", checked, dependency }
    }

    public var name: String
    public var folder: String
    public var assets: [Asset]
    public var autoGenerateAssets: Bool
    public var includeTags: Bool
    public var includeTestCases: Bool

    enum CodingKeys: String, CodingKey {
        case name, folder, assets, autoGenerateAssets = "auto_generate_assets"
        case includeTags = "include_tags", includeTestCases = "include_test_cases"
    }

    public init(selection: ExportSelection) {
        name = (selection.folder as NSString).lastPathComponent
        folder = selection.folder
        assets = selection.files.map {
            Asset(type: $0.type ?? .file, name: $0.name ?? ($0.path as NSString).lastPathComponent, path: $0.path, zipName: $0.zipName,
                  checked: true, dependency: $0.dependency)
        } + selection.connectors.map {
            Asset(type: AssetType.customAdapter, name: $0.title, path: nil, zipName: $0.zipName, checked: true, dependency: true)
        }
        autoGenerateAssets = true
        includeTags = false
        includeTestCases = false
    }

    /// Reads a manifest a person may have edited, checking every field with its JSON path.
    public static func read(_ file: String) throws -> ExportManifest {
        let bytes = try FileSystem.read(file)
        let root = JSONCursor(try JSONParser.parse(bytes, file: file), file: file)
        var assets: [Asset] = []
        for item in try root.require("assets").array() {
            assets.append(Asset(type: AssetType(try item.require("type").string()),
                                name: try item.optional("name")?.stringOrNull(),
                                path: try item.optional("path")?.stringOrNull(),
                                zipName: try item.require("zip_name").string(),
                                checked: try item.require("checked").bool(),
                                dependency: try item.optional("dependency")?.bool() ?? false))
        }
        return ExportManifest(name: try root.require("name").string(), folder: try root.require("folder").string(), assets: assets,
                              autoGenerateAssets: try root.optional("auto_generate_assets")?.bool() ?? true,
                              includeTags: try root.optional("include_tags")?.bool() ?? false,
                              includeTestCases: try root.optional("include_test_cases")?.bool() ?? false)
    }

    private init(name: String, folder: String, assets: [Asset], autoGenerateAssets: Bool, includeTags: Bool, includeTestCases: Bool) {
        self.name = name
        self.folder = folder
        self.assets = assets
        self.autoGenerateAssets = autoGenerateAssets
        self.includeTags = includeTags
        self.includeTestCases = includeTestCases
    }

    /// Narrows a fresh resolution of the manifest's folder to what the manifest checks: unchecked
    /// assets are left out, checked assets the resolution did not reach are added.
    func apply(to selection: ExportSelection, manifestFile: String, workspace: Workspace) throws -> ExportSelection {
        var result = selection
        var files = Dictionary(selection.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var connectors = Dictionary(selection.connectors.map { ($0.title, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, asset) in assets.enumerated() {
            if asset.type == AssetType.customAdapter {
                let title = asset.name ?? ""
                if !asset.checked { connectors[title] = nil; continue }
                if connectors[title] == nil {
                    connectors[title] = ExportSelection.ConnectorUse(title: title, zipBase: AssetType.connectorBase(asset.zipName) ?? Connector.slug(title), usedBy: [])
                }
                continue
            }
            guard let path = asset.path else {
                throw ExportError.manifestAssetMissing(manifest: manifestFile, jsonPath: "$.assets[\(index)].path", path: "")
            }
            if !asset.checked { files[path] = nil; continue }
            if files[path] == nil {
                guard FileSystem.isRegularFile(workspace.path(path)) else {
                    throw ExportError.manifestAssetMissing(manifest: manifestFile, jsonPath: "$.assets[\(index)].path", path: path)
                }
                files[path] = ExportSelection.File(path: path, zipName: asset.zipName, type: AssetType.of(path), name: asset.name, dependency: asset.dependency)
            }
        }
        result.files = files.values.sorted { $0.path < $1.path }
        // A connector is used by what the package carries, not by what the manifest left out.
        let packed = Set(result.files.map(\.path))
        result.connectors = connectors.values.sorted { $0.title < $1.title }.map { use in
            var use = use
            use.usedBy = use.usedBy.filter(packed.contains)
            return use
        }
        result.excluded = Self.excluded(from: selection, keeping: result)
        return result
    }

    /// The assets of the full selection that the narrowed one leaves out while packing
    /// something that refers to them.
    private static func excluded(from full: ExportSelection, keeping kept: ExportSelection) -> [ExportSelection.Excluded] {
        let packed = Set(kept.files.map(\.path))
        var nodes = Set(packed)
        for connector in kept.connectors { nodes.insert(DependencyEdge.connectorNode(connector.title)) }
        var referrers: [String: Set<String>] = [:]
        for edge in full.edges where packed.contains(edge.from) && !nodes.contains(edge.to) {
            referrers[edge.to, default: []].insert(edge.from)
        }
        let files = Dictionary(full.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let connectors = Dictionary(full.connectors.map { (DependencyEdge.connectorNode($0.title), $0) }, uniquingKeysWith: { first, _ in first })
        return referrers.keys.sorted().compactMap { node in
            let referencedBy = referrers[node, default: []].sorted()
            if let file = files[node] {
                return .init(path: file.path, zipName: file.zipName, type: file.type ?? .file, referencedBy: referencedBy)
            }
            return connectors[node].map { .init(path: node, zipName: $0.zipName, type: AssetType.customAdapter, referencedBy: referencedBy) }
        }
    }
}
