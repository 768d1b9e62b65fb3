import RLCMFormat
/// Everything rlcm needs to know about a package, read in one pass over its entries: the assets
/// with their links and digests, the custom connectors with their metadata and code, and how the
/// recipes' provider keys tie to those connectors. References resolve only against the package's
/// own entry table, never the file system.
public struct PackageIndex {
    public struct Asset: Sendable {
        public var zipName: String
        public var type: String?
        public var name: String?
        public var size: Int
        public var links: AssetLinks?
    }

    /// A custom connector carried as the `.custom_adapter.{json,rb,png}` trio.
    public struct CarriedConnector: Sendable {
        public var base: String
        public var title: String
        public var description: String?
        public var logoFileName: String?
        public var logoContentType: String?
        /// The metadata's `version_no`; nil when it has none (the connector SDK's push sends none).
        public var versionNo: Int?
        public var note: String?
        public var code: [UInt8]?
        public var logo: [UInt8]?
        public var logoEntry: String?
        /// The `.custom_adapter.json` as the package holds it.
        public var metadata: [UInt8]

        public var zipName: String { "\(base).\(AssetType.customAdapter).json" }
        public var codeEntry: String { "\(base).\(AssetType.customAdapter).rb" }
    }

    public let file: String
    public let sha256: String
    /// The reader of the indexed package, whose every entry was checked: a second pass reads the
    /// same open file, not whatever the path names by then.
    let reader: ZipReader
    /// Every file entry but the connector trios, in entry-name order.
    public private(set) var assets: [Asset] = []
    public private(set) var connectors: [CarriedConnector] = []
    public private(set) var edges: [DependencyEdge] = []
    /// References to files the package does not carry: normal in real packages (a manifest may
    /// leave out the connections production has its own of); an importer resolves them against
    /// the target.
    public private(set) var outside: [OutsideReference] = []
    /// References that are not even well-formed paths (`..`, absolute): always a problem.
    public private(set) var malformed: [UnresolvedReference] = []
    /// The package's provider key for each connector base, learned through recipes' connections.
    public private(set) var connectorByKey: [String: String] = [:]
    /// Provider keys used by recipes that no connection ties to a carried connector: key → recipes.
    public private(set) var untiedKeys: [String: [String]] = [:]

    /// Reads and indexes the package at `file`, for a target where names that differ only in
    /// letter case are `letterCase`.
    public init(file: String, limits: ZipLimits = .default, letterCase: LetterCase = .distinct, progress: (any ProgressSink)? = nil) throws {
        self.file = file
        let reader = try ZipReader(path: file, limits: limits, letterCase: letterCase)
        self.reader = reader
        self.sha256 = try reader.sha256()
        var metadata: [String: (title: String, description: String?, logoFileName: String?, logoContentType: String?, versionNo: Int?, note: String?,
                                bytes: [UInt8])] = [:]
        var code: [String: [UInt8]] = [:]
        var logos: [String: (entry: String, bytes: [UInt8])] = [:]
        let total = reader.files.count
        var done = 0
        // Assets are scanned for their links on another core while the package is inflated on this one.
        var scans = OrderedPipeline { (item: (asset: Int, file: String, bytes: [UInt8])) in
            (item.asset, try AssetLinks.scan(item.bytes, file: item.file))
        }
        func store(_ scanned: (asset: Int, scan: (links: AssetLinks, name: String?))) {
            assets[scanned.asset].links = scanned.scan.links
            assets[scanned.asset].name = scanned.scan.name
        }
        // An earlier entry's problem is reported before a later one's, or the reader's.
        try scans.run(deliver: store) { add in
            try reader.forEachFile { entry, bytes in
                done += 1
                progress?.update("reading package", done: done, total: total)
                let type = AssetType.of(entry.path)
                if type == AssetType.customAdapter, let base = AssetType.connectorBase(entry.path) {
                    if entry.path.hasSuffix(".json") {
                        let root = JSONCursor(try JSONParser.parse(bytes, file: entry.path), file: entry.path)
                        metadata[base] = (try root.require("title").string(), try root.optional("description")?.stringOrNull(),
                                          try root.optional("logo_file_name")?.stringOrNull(), try root.optional("logo_content_type")?.stringOrNull(),
                                          try root.optional("version_no").flatMap { try $0.isNull ? nil : $0.positiveInt() }, try root.optional("note")?.stringOrNull(), bytes)
                    } else if entry.path.hasSuffix(".rb") {
                        code[base] = bytes
                    } else {
                        logos[base] = (entry.path, bytes)
                    }
                    return
                }
                assets.append(Asset(zipName: entry.path, type: type, name: nil, size: bytes.count, links: nil))
                if AssetType.isJSONAsset(entry.path) { try add((assets.count - 1, entry.path, bytes), bytes.count) }
            }
        }
        assets.sort { $0.zipName.utf8.lexicographicallyPrecedes($1.zipName.utf8) }
        for (base, meta) in metadata.sorted(by: { $0.key < $1.key }) {
            connectors.append(CarriedConnector(base: base, title: meta.title, description: meta.description, logoFileName: meta.logoFileName,
                                               logoContentType: meta.logoContentType, versionNo: meta.versionNo, note: meta.note,
                                               code: code[base], logo: logos[base]?.bytes, logoEntry: logos[base]?.entry, metadata: meta.bytes))
        }
        resolveLinks()
    }

    private mutating func resolveLinks() {
        let byName = Dictionary(assets.map { ($0.zipName, $0) }, uniquingKeysWith: { first, _ in first })
        let connectorNames = Set(connectors.map(\.zipName))
        for asset in assets {
            guard let links = asset.links else { continue }
            for reference in links.references {
                if !reference.isWellFormed {
                    malformed.append(UnresolvedReference(file: asset.zipName, jsonPath: reference.jsonPath, target: reference.zipName,
                                                         reason: AssetReference.malformedReason))
                } else if byName[reference.zipName] != nil || connectorNames.contains(reference.zipName) {
                    edges.append(.init(from: asset.zipName, to: reference.zipName, jsonPath: reference.jsonPath))
                } else {
                    outside.append(OutsideReference(entry: asset.zipName, reference: reference))
                }
            }
            // A recipe's key is tied to a connector by the connection its config[] names for that key.
            for key in Set(links.providerKeys.map(\.key)) {
                if let connection = links.connectionByProvider[key],
                   let connectionLinks = byName[connection]?.links,
                   let adapter = connectionLinks.references.first(where: { AssetType.of($0.zipName) == AssetType.customAdapter }),
                   let base = AssetType.connectorBase(adapter.zipName), connectorNames.contains(adapter.zipName) {
                    connectorByKey[key] = base
                } else {
                    untiedKeys[key, default: []].append(asset.zipName)
                }
            }
        }
        // Keys tied in one recipe count as tied everywhere.
        for key in untiedKeys.keys where connectorByKey[key] != nil { untiedKeys[key] = nil }
        edges = DependencyEdge.unique(edges)
    }

    public func connector(base: String) -> CarriedConnector? { connectors.first { $0.base == base } }
}

/// A reference of a package entry to a file the package does not carry.
public struct OutsideReference: Sendable, Equatable {
    /// The referring entry.
    public var entry: String
    public var reference: AssetReference
}
