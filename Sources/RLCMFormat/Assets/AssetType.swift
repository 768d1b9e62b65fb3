/// The type of an asset, read from its file name as Workato names them: `<name>.<type>.json`, and
/// for custom connectors the `.custom_adapter.{json,rb,png,jpg,jpeg}` trio.
///
/// A value, not a closed enum: a package may carry types rlcm does not know, and they travel as
/// they come. It encodes as its plain name, so reports and API answers read as they always did.
public struct AssetType: RawRepresentable, Hashable, Comparable, Codable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: AssetType, rhs: AssetType) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let recipe: AssetType = "recipe"
    public static let connection: AssetType = "connection"
    public static let customAdapter: AssetType = "custom_adapter"
    public static let accountProperty: AssetType = "account_property"
    public static let projectProperty: AssetType = "project_property"
    public static let apiGroup: AssetType = "api_group"
    public static let apiEndpoint: AssetType = "api_endpoint"
    public static let lookupTable: AssetType = "lookup_table"
    public static let workatoDBTable: AssetType = "workato_db_table"
    public static let workatoSchema: AssetType = "workato_schema"
    public static let workatoTemplate: AssetType = "workato_template"
    public static let lcapApp: AssetType = "lcap_app"
    public static let lcapPage: AssetType = "lcap_page"
    public static let topic: AssetType = "topic"
    public static let agenticGenie: AssetType = "agentic_genie"
    public static let agenticSkill: AssetType = "agentic_skill"
    public static let agenticKnowledgeBase: AssetType = "agentic_knowledge_base"
    public static let dataPipeline: AssetType = "data_pipeline"
    public static let decisionEngineModel: AssetType = "decision_engine_model"
    public static let mcpServer: AssetType = "mcp_server"
    /// What a package entry that is not named like an asset is (a README, a tag list): it travels unchanged.
    public static let file: AssetType = "file"

    /// The types the Developer API lists in a folder's assets: the official client refuses an
    /// answer with any other, so plain files and types newer than this list are left out of it.
    public static let listed: Set<AssetType> = [
        recipe, connection, lookupTable, workatoDBTable, accountProperty, projectProperty, workatoSchema, workatoTemplate, lcapApp,
        lcapPage, customAdapter, topic, apiGroup, apiEndpoint, agenticGenie, agenticSkill, dataPipeline, decisionEngineModel,
        agenticKnowledgeBase, mcpServer,
    ]

    /// Types an import leaves untouched when the target already has them: a connection keeps its
    /// credentials, properties keep their values. Real exports name account properties
    /// `account_properties.properties.json` and project properties
    /// `<folder>/properties.project_properties.json`.
    public static let keptWhenPresent: Set<AssetType> = [connection, accountProperty, projectProperty, "properties", "project_properties"]

    /// The files that declare properties, as real exports name them: account properties
    /// (`account_properties.properties.json`, a flat object of names) and project properties
    /// (`<folder>/properties.project_properties.json`, `{"data": {...}}`). Files typed
    /// `account_property` or `project_property` hold one property each in no layout an export
    /// was seen with; they travel as they are.
    public static let propertyFiles: [AssetType: PropertyUse.Kind] = ["properties": .account, "project_properties": .project]

    /// `recipe` for `orders/x.recipe.json`, `custom_adapter` for `acme.custom_adapter.rb`, nil for
    /// files that are not named like assets (they still travel unchanged, as type `file`).
    ///
    /// Asked of every file of every walk (twenty thousand times for one page of an API listing), so
    /// it reads the name's bytes from the end instead of splitting the path, and hands back the
    /// common types' own values.
    public static func of(_ path: String) -> AssetType? {
        let utf8 = path.utf8
        let nameStart = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        let name = utf8[nameStart...]
        // `<name>.<type>.<extension>`, the name not empty: at least two dots, none first.
        guard name.first != UInt8(ascii: "."), let lastDot = name.lastIndex(of: UInt8(ascii: ".")),
              let typeDot = name[..<lastDot].lastIndex(of: UInt8(ascii: ".")) else { return nil }
        let ext = name[name.index(after: lastDot)...]
        let type = name[name.index(after: typeDot)..<lastDot]
        if type.elementsEqual(customAdapter.rawValue.utf8) {
            return logoAndCodeExtensions.contains { ext.elementsEqual($0.utf8) } || ext.elementsEqual("json".utf8) ? customAdapter : nil
        }
        guard ext.elementsEqual("json".utf8), !type.isEmpty else { return nil }
        if type.elementsEqual(recipe.rawValue.utf8) { return recipe }
        if type.elementsEqual(connection.rawValue.utf8) { return connection }
        return AssetType(String(Substring(type)))
    }

    /// What a connector's trio holds besides its `.json`: the code and a logo.
    private static let logoAndCodeExtensions = ["rb", "png", "jpg", "jpeg"]

    /// Whether the file is an asset document rlcm parses (a `.json` asset; connector code and logos are data).
    public static func isJSONAsset(_ path: String) -> Bool {
        of(path) != nil && path.hasSuffix(".json")
    }

    /// The base path shared by a connector's trio: `acme_erp` for `acme_erp.custom_adapter.json`.
    public static func connectorBase(_ path: String) -> String? {
        let marker = Array(".\(customAdapter).".utf8), bytes = Array(path.utf8)
        guard bytes.count >= marker.count else { return nil }
        for start in stride(from: bytes.count - marker.count, through: 0, by: -1) where bytes[start..<(start + marker.count)].elementsEqual(marker) {
            return String(decoding: bytes[..<start], as: UTF8.self)
        }
        return nil
    }
}
