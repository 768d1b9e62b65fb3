import RLCMFormat
/// The assets of a package or a folder and who references whom (`rlcm graph`), which the
/// executable draws for reviewers as Graphviz DOT or Mermaid.
public struct DependencyGraph: Sendable, Report {
    public struct Node: Sendable, Hashable, Codable {
        public var id: String
        public var label: String
        public var type: AssetType
    }

    public struct Link: Sendable, Hashable, Codable {
        public var from: String
        public var to: String
    }

    public var formatVersion = outputFormatVersion
    public var title: String
    public var nodes: [Node]
    /// One link per pair of nodes, however many places in the file hold the reference.
    public var edges: [Link]

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", title, nodes, edges }


    init(title: String, nodes: [Node], edges: [DependencyEdge]) {
        self.title = title
        self.nodes = nodes.sorted { $0.id < $1.id }
        var seen = Set<String>()
        self.edges = edges.filter { seen.insert("\($0.from)\u{0}\($0.to)").inserted }.map { Link(from: $0.from, to: $0.to) }
    }

    /// The graph of a package: its assets and connector trios, linked by their references.
    public init(package index: PackageIndex) {
        let assets = index.assets.map { asset in
            Node(id: asset.zipName, label: asset.name.map { "\($0)\n\(asset.zipName)" } ?? asset.zipName, type: asset.type ?? .file)
        }
        let connectors = index.connectors.map { Node(id: $0.zipName, label: "\($0.title)\n\($0.versionNo.map { "version \($0)" } ?? "no version")", type: AssetType.customAdapter) }
        self.init(title: index.file, nodes: assets + connectors, edges: index.edges)
    }

    /// The graph of a workspace folder and everything it reaches.
    public init(selection: ExportSelection) {
        let files = selection.files.map { file in
            Node(id: file.path, label: file.name.map { "\($0)\n\(file.path)" } ?? file.path, type: file.type ?? .file)
        }
        let connectors = selection.connectors.map { Node(id: DependencyEdge.connectorNode($0.title), label: $0.title, type: AssetType.customAdapter) }
        self.init(title: selection.folder, nodes: files + connectors, edges: selection.edges)
    }
}
