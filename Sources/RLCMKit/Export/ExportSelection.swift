import RLCMFormat
/// What an export packs: files of the workspace with the names they get in the package, and the
/// store connectors they use. Produced by `ExportResolver`, edited through an export manifest.
public struct ExportSelection: Sendable {
    public struct File: Sendable, Equatable {
        /// Workspace-relative path.
        public var path: String
        /// Entry name in the package (relative to the package root, which is the exported project).
        public var zipName: String
        public var type: AssetType?
        public var name: String?
        /// Reached through a reference rather than lying in the exported folder.
        public var dependency: Bool
    }

    public struct ConnectorUse: Sendable, Equatable {
        public var title: String
        /// The trio's common base in the package: `acme_erp` for `acme_erp.custom_adapter.json`.
        public var zipBase: String
        /// Workspace-relative paths of the selected assets that use the connector.
        public var usedBy: [String]

        public var zipName: String { "\(zipBase).\(AssetType.customAdapter).json" }
    }

    public struct Excluded: Sendable, Equatable, Codable {
        /// Workspace-relative path; for a custom connector, `connector:<title>`.
        public var path: String
        public var zipName: String
        public var type: AssetType
        /// The packed assets that refer to it.
        public var referencedBy: [String]
        enum CodingKeys: String, CodingKey { case path, zipName = "zip_name", type, referencedBy = "referenced_by" }
    }

    /// The project the package is rooted at.
    public var project: String
    /// The exported folder, workspace-relative.
    public var folder: String
    public var files: [File]
    public var connectors: [ConnectorUse]
    public var unresolved: [UnresolvedReference]
    /// What an export manifest deliberately leaves out although the packed assets refer to it:
    /// the package carries the references, and the target resolves them (production has its
    /// own connections). Not an error.
    public var excluded: [Excluded] = []
    /// Who references whom: workspace paths, or `connector:<title>` for store connectors.
    public var edges: [DependencyEdge]
    /// Zips in the folder that are no assets (`ExportResolver.isLeftOut`): never packed.
    public var leftOut: [String] = []
}
