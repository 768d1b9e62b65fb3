import RLCMFormat
/// `rlcm inspect`: what a package holds, for packages from Workato as well as ours.
public struct InspectReport: Report {
    public struct Asset: Codable, Sendable {
        public var zipName: String
        public var type: AssetType
        public var name: String?
        public var size: Int
        enum CodingKeys: String, CodingKey { case zipName = "zip_name", type, name, size }
    }
    public struct Connector: Codable, Sendable {
        public var title: String
        public var versionNo: Int?
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

    /// A reference to something the package does not carry: a file, or for a recipe's provider
    /// key that no connection of the package ties to a connector, the key.
    public struct OutsideReference: Codable, Sendable {
        public var entry: String
        public var jsonPath: String
        @Nullable public var zipName: String?
        @Nullable public var providerKey: String?
        public var type: AssetType
        enum CodingKeys: String, CodingKey { case entry, jsonPath = "json_path", zipName = "zip_name", providerKey = "provider_key", type }
    }

    /// A property the package's recipes read, and where each reads it.
    public struct PropertyRead: Codable, Sendable, Equatable {
        public var type: PropertyUse.Kind
        public var name: String
        public var readers: [Reader]
        public struct Reader: Codable, Sendable, Equatable {
            public var entry: String
            public var jsonPath: String
            enum CodingKeys: String, CodingKey { case entry, jsonPath = "json_path" }
        }
    }

    /// A property a property file of the package declares (its value is not in the package).
    public struct DeclaredProperty: Codable, Sendable, Equatable {
        public var type: PropertyUse.Kind
        public var name: String
        public var entry: String
    }

    public var formatVersion = outputFormatVersion
    public var package: String
    public var sha256: String
    /// Every entry, the connector trios included.
    public var fileCount: Int
    public var assets: [Asset]
    public var dependencies: [DependencyEdge]
    public var connectors: [Connector]
    /// Normal in real packages: an import resolves them against the target.
    public var outsideReferences: [OutsideReference]
    /// Properties the recipes read (their values must exist in the target), by type and name.
    public var propertiesRead: [PropertyRead]
    public var propertiesDeclared: [DeclaredProperty]
    /// Entries an import would place nowhere, with why (a warning; `--strict` refuses them).
    public var unplaced: [PackageIndex.Unplaced]
    public var problems: [String]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", package, sha256, fileCount = "file_count", assets, dependencies, connectors
        case outsideReferences = "outside_references", propertiesRead = "properties_read", propertiesDeclared = "properties_declared", unplaced, problems
    }
}

extension InspectReport {
    /// What the package at `file` holds, read as `rlcm inspect` shows it.
    public init(package file: String, progress: (any ProgressSink)? = nil) throws {
        let index = try PackageIndex(file: file, progress: progress)
        var problems = index.malformed.map(\.description) + (index.emptiness.map { [$0] } ?? [])
        var outside = index.outside.map {
            InspectReport.OutsideReference(entry: $0.entry, jsonPath: $0.reference.jsonPath, zipName: $0.reference.zipName, providerKey: nil,
                                           type: AssetType.of($0.reference.zipName) ?? .file)
        }
        let links = Dictionary(index.assets.map { ($0.zipName, $0.links) }, uniquingKeysWith: { first, _ in first })
        for (key, recipes) in index.untiedKeys {
            for recipe in recipes {
                let path = links[recipe]??.providerKeys.first { $0.key == key }?.jsonPath ?? "$"
                outside.append(.init(entry: recipe, jsonPath: path, zipName: nil, providerKey: key, type: AssetType.customAdapter))
            }
        }
        outside.sort { ($0.entry, $0.jsonPath) < ($1.entry, $1.jsonPath) }
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
        self.init(package: file, sha256: index.sha256, fileCount: index.assets.count + connectorFiles,
                             assets: index.assets.map { .init(zipName: $0.zipName, type: $0.type ?? .file, name: $0.name, size: $0.size) },
                             dependencies: index.edges, connectors: connectors, outsideReferences: outside,
                             propertiesRead: index.propertiesRead, propertiesDeclared: index.propertiesDeclared, unplaced: index.unplaced,
                             problems: problems)
    }
}
