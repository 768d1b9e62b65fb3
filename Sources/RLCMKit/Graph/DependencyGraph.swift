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
            .sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }

    // A package and the folder it was exported from draw one graph: nodes are named as the
    // package names its entries, and a custom connector is `connector:<title>`, used by the
    // connections that name it and by the recipes whose steps use its provider key.

    /// The graph of a package: its assets and connector trios, linked by their references.
    public init(package index: PackageIndex) {
        let assets = index.assets.map { asset in
            Node(id: asset.zipName, label: asset.name.map { "\($0)\n\(asset.zipName)" } ?? asset.zipName, type: asset.type ?? .file)
        }
        let titles = Dictionary(index.connectors.map { ($0.zipName, $0.title) }, uniquingKeysWith: { first, _ in first })
        let byBase = Dictionary(index.connectors.map { ($0.base, $0.title) }, uniquingKeysWith: { first, _ in first })
        var edges = index.edges.map { edge in
            DependencyEdge(from: edge.from, to: titles[edge.to].map(DependencyEdge.connectorNode) ?? edge.to, jsonPath: edge.jsonPath)
        }
        for asset in index.assets {
            for use in asset.links?.providerKeys ?? [] {
                guard let title = index.connectorByKey[use.key].flatMap({ byBase[$0] }) else { continue }
                edges.append(.init(from: asset.zipName, to: DependencyEdge.connectorNode(title), jsonPath: use.jsonPath))
            }
        }
        let connectors = index.connectors.map { Node(id: DependencyEdge.connectorNode($0.title), label: $0.title, type: AssetType.customAdapter) }
        self.init(title: index.file, nodes: assets + connectors, edges: edges)
    }

    /// The graph of a workspace folder and everything it reaches, its files named as its package
    /// would name them.
    public init(selection: ExportSelection) {
        let names = Dictionary(selection.files.map { ($0.path, $0.zipName) }, uniquingKeysWith: { first, _ in first })
        let files = selection.files.map { file in
            Node(id: file.zipName, label: file.name.map { "\($0)\n\(file.zipName)" } ?? file.zipName, type: file.type ?? .file)
        }
        let connectors = selection.connectors.map { Node(id: DependencyEdge.connectorNode($0.title), label: $0.title, type: AssetType.customAdapter) }
        let edges = selection.edges.map { DependencyEdge(from: names[$0.from] ?? $0.from, to: names[$0.to] ?? $0.to, jsonPath: $0.jsonPath) }
        self.init(title: selection.folder, nodes: files + connectors, edges: edges)
    }
}
