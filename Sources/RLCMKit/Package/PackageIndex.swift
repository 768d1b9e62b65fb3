import RLCMFormat
/// Everything rlcm needs to know about a package, read in one pass over its entries: the assets
/// with their links and digests, the custom connectors with their metadata and code, and how the
/// recipes' provider keys tie to those connectors. References resolve only against the package's
/// own entry table, never the file system.
public struct PackageIndex {
    public struct Asset: Sendable {
        public var zipName: String
        public var type: AssetType?
        public var name: String?
        public var size: Int
        public var links: AssetLinks?
        /// For a property file: the names it declares.
        public var declares: (kind: PropertyUse.Kind, names: [String])? = nil
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
    /// Entries the import would place nowhere, each with why: nothing is dropped without a line.
    public private(set) var unplaced: [Unplaced] = []

    /// An entry that lands nowhere, and why.
    public struct Unplaced: Codable, Sendable, Equatable {
        public var entry: String
        public var reason: String
    }

    /// Reads and indexes the package at `file`, for a target where names that differ only in
    /// letter case are `letterCase`.
    public init(file: String, limits: ZipLimits = .default, letterCase: LetterCase = .distinct, progress: (any ProgressSink)? = nil) throws {
        try self.init(reading: ZipReader(path: file, limits: limits, letterCase: letterCase), of: file, progress: progress,
                      visit: { _, _ in () }, visited: { _ in })
    }

    /// Reads and indexes the package `file`, opened as `reader` (its entry table already checked),
    /// inflating each entry once: every file entry but the connector trios is handed to `visit` on
    /// another core (with the asset's links read) while this one inflates the next ones, and what
    /// `visit` makes of it comes back, in entry order, to `visited` on this thread. An importer
    /// compares and stages entries so, and keeps what waits for the provider key map: the package
    /// is never inflated twice. The importer opens the reader itself, to learn the package's size
    /// first.
    init<Visit: Sendable>(reading reader: ZipReader, of file: String, progress: (any ProgressSink)?,
                          visit: @escaping @Sendable (Asset, [UInt8]) throws -> Visit,
                          visited: (Visit) throws -> Void) throws {
        self.file = file
        self.sha256 = try reader.sha256()
        var trios = ConnectorTrios()
        let strings = StringPool()
        let total = reader.files.count
        var done = 0
        // Assets are scanned for their links and visited on another core while the package is
        // inflated on this one.
        var pipeline = OrderedPipeline { (item: (index: Int, asset: Asset, bytes: [UInt8])) in
            var asset = item.asset
            if AssetType.isJSONAsset(asset.zipName) {
                (asset.links, asset.name) = try AssetLinks.scan(item.bytes, file: asset.zipName, strings: strings)
                asset.declares = try PropertyFile.declared(item.bytes, type: asset.type, file: asset.zipName)
            }
            return (item.index, asset, try visit(asset, item.bytes))
        }
        func deliver(_ result: (index: Int, asset: Asset, visit: Visit)) throws {
            assets[result.index] = result.asset
            try visited(result.visit)
        }
        // An earlier entry's problem is reported before a later one's, or the reader's.
        try pipeline.run(deliver: deliver) { add in
            try reader.forEachFile { entry, bytes in
                done += 1
                progress?.update("reading package", done: done, total: total)
                if try trios.take(entry.path, bytes) { return }
                let asset = Asset(zipName: entry.path, type: AssetType.of(entry.path), name: nil, size: bytes.count, links: nil)
                assets.append(asset)
                try add((assets.count - 1, asset, bytes), bytes.count)
            }
        }
        assets.sort { $0.zipName.utf8.lexicographicallyPrecedes($1.zipName.utf8) }
        connectors = trios.connectors
        unplaced = (trios.unplaced + Self.emptyFolders(reader.entries)).sorted { $0.entry.utf8.lexicographicallyPrecedes($1.entry.utf8) }
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
        // A key's slug and a trio's file name both come from the connector's title: a key whose
        // slug names exactly one carried connector is that connector's, connection or not.
        for key in untiedKeys.keys {
            let named = connectors.filter { Self.names(slug: Self.slug(ofKey: key), $0) }
            if named.count == 1 {
                connectorByKey[key] = named[0].base
                untiedKeys[key] = nil
            }
        }
        edges = DependencyEdge.unique(edges)
    }

    /// Folder entries with no file below them: an import writes files, and makes no empty folders.
    /// (The platform writes a folder entry only for a folder that holds files.)
    static func emptyFolders(_ entries: [ZipEntry]) -> [Unplaced] {
        var filled = Set<Substring>()
        for entry in entries where !entry.isDirectory {
            var folder = Substring(entry.path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                guard filled.insert(folder).inserted else { break }
            }
        }
        return entries.filter { $0.isDirectory && !filled.contains(Substring($0.path).dropLast()) }.map {
            Unplaced(entry: $0.path, reason: "a folder entry with no file in it: an import writes files and makes no empty folders, so it lands nowhere")
        }
    }

    /// Whether a key's slug names the carried connector: its trio's file name, or its title's slug.
    static func names(slug: String, _ connector: CarriedConnector) -> Bool {
        slug == connector.base.split(separator: "/").last.map(String.init) || slug == Connector.slug(connector.title)
    }

    /// `acme_erp` for `acme_erp__connector_4711_1767225600`: what the key's title made of it.
    static func slug(ofKey key: String) -> String {
        guard let marker = key.range(of: "_connector_", options: .backwards) else { return key }
        var slug = String(key[..<marker.lowerBound])
        while slug.hasSuffix("_") { slug.removeLast() }
        return slug
    }

    public func connector(base: String) -> CarriedConnector? { connectors.first { $0.base == base } }

    /// The carried connectors that no recipe's key is tied to: beside a key that nothing ties,
    /// likely its connector, renamed after the key was made.
    var keylessConnectors: [CarriedConnector] {
        let tied = Set(connectorByKey.values)
        return connectors.filter { !tied.contains($0.base) }
    }

    /// Ties `key` as the values file says: to the carried connector `base`, or (nil) to one of the
    /// target's, which the key map then names. Either way the key is no longer untied.
    mutating func tie(_ key: String, to base: String?) {
        if let base { connectorByKey[key] = base }
        untiedKeys[key] = nil
    }
}

/// A reference of a package entry to a file the package does not carry.
public struct OutsideReference: Sendable, Equatable {
    /// The referring entry.
    public var entry: String
    public var reference: AssetReference
}

/// The connector trios of a package, gathered as their entries come: metadata, code and logo.
private struct ConnectorTrios {
    typealias Metadata = (title: String, description: String?, logoFileName: String?, logoContentType: String?, versionNo: Int?,
                          note: String?, bytes: [UInt8])
    var metadata: [String: Metadata] = [:]
    var code: [String: [UInt8]] = [:]
    var logos: [String: (entry: String, bytes: [UInt8])] = [:]
    /// A logo beside one already taken for the same connector (`.png` and `.jpg`): entry, the one kept.
    var extraLogos: [(entry: String, kept: String)] = []

    /// Keeps the entry when it belongs to a trio, and says whether it did.
    mutating func take(_ path: String, _ bytes: [UInt8]) throws -> Bool {
        guard AssetType.of(path) == AssetType.customAdapter, let base = AssetType.connectorBase(path) else { return false }
        if path.hasSuffix(".json") {
            let root = JSONCursor(try JSONParser.parse(bytes, file: path), file: path)
            metadata[base] = (try root.require("title").string(), try root.optional("description")?.stringOrNull(),
                              try root.optional("logo_file_name")?.stringOrNull(), try root.optional("logo_content_type")?.stringOrNull(),
                              try root.optional("version_no").flatMap { try $0.isNull ? nil : $0.positiveInt() },
                              try root.optional("note")?.stringOrNull(), bytes)
        } else if path.hasSuffix(".rb") {
            code[base] = bytes
        } else if let kept = logos[base] {
            extraLogos.append((path, kept.entry))
        } else {
            logos[base] = (path, bytes)
        }
        return true
    }

    /// The trio entries that land nowhere: code or a logo whose `.custom_adapter.json` is missing,
    /// and a connector's second logo.
    var unplaced: [PackageIndex.Unplaced] {
        let code = self.code.keys.filter { metadata[$0] == nil }.map { "\($0).\(AssetType.customAdapter).rb" }
        let logos = (self.logos.values.map(\.entry) + extraLogos.map(\.entry)).filter { metadata[AssetType.connectorBase($0) ?? ""] == nil }
        let orphans = (code + logos).map { entry in
            PackageIndex.Unplaced(entry: entry, reason: "a custom connector's \(entry.hasSuffix(".rb") ? "code" : "logo") without its '\(AssetType.connectorBase(entry) ?? "").\(AssetType.customAdapter).json': no connector can be made of it, so it lands nowhere")
        }
        let seconds = extraLogos.filter { metadata[AssetType.connectorBase($0.entry) ?? ""] != nil }.map {
            PackageIndex.Unplaced(entry: $0.entry, reason: "a second logo of the custom connector whose logo is '\($0.kept)': a connector has one logo, so it lands nowhere")
        }
        return orphans + seconds
    }

    var connectors: [PackageIndex.CarriedConnector] {
        metadata.sorted { $0.key < $1.key }.map { base, meta in
            PackageIndex.CarriedConnector(base: base, title: meta.title, description: meta.description, logoFileName: meta.logoFileName,
                                          logoContentType: meta.logoContentType, versionNo: meta.versionNo, note: meta.note,
                                          code: code[base], logo: logos[base]?.bytes, logoEntry: logos[base]?.entry, metadata: meta.bytes)
        }
    }
}

extension PackageIndex {
    /// Every property the package's assets read, sorted by type and name, with each reader.
    public var propertiesRead: [InspectReport.PropertyRead] {
        var readers: [PropertyUse.Kind: [String: [InspectReport.PropertyRead.Reader]]] = [:]
        for asset in assets {
            for use in asset.links?.properties ?? [] {
                readers[use.kind, default: [:]][use.name, default: []].append(.init(entry: asset.zipName, jsonPath: use.jsonPath))
            }
        }
        return PropertyUse.Kind.allCases.flatMap { kind in
            (readers[kind] ?? [:]).sorted { $0.key < $1.key }.map { InspectReport.PropertyRead(type: kind, name: $0.key, readers: $0.value) }
        }
    }

    /// Every property the package's property files declare, in entry and file order.
    var propertiesDeclared: [InspectReport.DeclaredProperty] {
        assets.flatMap { asset in
            (asset.declares?.names ?? []).map { InspectReport.DeclaredProperty(type: asset.declares!.kind, name: $0, entry: asset.zipName) }
        }
    }

    /// Why the package is not something to import, when it holds no asset: no entry named like
    /// one of the platform's assets and no custom connector (an empty zip, a zip of loose files).
    /// What looks wrong about the package as a whole for an import into `project`, each a
    /// warning: no asset of the platform's types (14 plain files plan as 14 `file` assets), or
    /// every entry under one folder named like the project (a zip of the project folder, not of
    /// its contents, which would land in `<project>/<project>/…`).
    func suspicions(project: String) -> [String] {
        guard emptiness == nil else { return [] }
        var found: [String] = []
        if connectors.isEmpty && !assets.contains(where: { $0.type.map(AssetType.listed.contains) ?? false }) {
            found.append("the package holds no asset of the platform's types (recipes, connections, lookup tables, ...): is it a Workato package?")
        }
        let names = assets.map(\.zipName) + connectors.map(\.zipName)
        // Entry names are checked: no leading slash, no empty folder names.
        let tops = Set(names.map { name in name.utf8.firstIndex(of: UInt8(ascii: "/")).map { String(name[..<$0]) } ?? "" })
        if tops.count == 1, let top = tops.first, !top.isEmpty, top.lowercased() == project.lowercased() {
            found.append("every entry of the package sits under the folder '\(top)/': it would land in '\(project)/\(top)/'; zip the project folder's contents, not the folder itself")
        }
        return found
    }

    var emptiness: String? {
        guard connectors.isEmpty, !assets.contains(where: { $0.type != nil }) else { return nil }
        return assets.isEmpty ? "the package '\(file)' holds no entries: there is nothing to import"
            : "the package '\(file)' holds no assets (\(assets.count) file\(assets.count == 1 ? "" : "s"), none named like a recipe, connection or other asset): there is nothing to import"
    }
}
