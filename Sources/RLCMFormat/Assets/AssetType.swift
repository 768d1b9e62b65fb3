/// The type of an asset, read from its file name as Workato names them: `<name>.<type>.json`, and
/// for custom connectors the `.custom_adapter.{json,rb,png,jpg,jpeg}` trio.
public enum AssetType {
    public static let recipe = "recipe"
    public static let connection = "connection"
    public static let customAdapter = "custom_adapter"
    public static let accountProperty = "account_property"
    public static let projectProperty = "project_property"
    public static let apiGroup = "api_group"
    public static let apiEndpoint = "api_endpoint"

    /// Types an import leaves untouched when the target already has them: a connection keeps its
    /// credentials, properties keep their values. Real exports name account properties
    /// `account_properties.properties.json` and project properties
    /// `<folder>/properties.project_properties.json`.
    public static let keptWhenPresent: Set<String> = [connection, accountProperty, projectProperty, "properties", "project_properties"]

    /// `recipe` for `orders/x.recipe.json`, `custom_adapter` for `acme.custom_adapter.rb`, nil for
    /// files that are not named like assets (they still travel unchanged, as type `file`).
    ///
    /// Asked of every file of every walk (twenty thousand times for one page of an API listing), so
    /// it reads the name's bytes from the end instead of splitting the path, and hands back the
    /// common types' own strings.
    public static func of(_ path: String) -> String? {
        let utf8 = path.utf8
        let nameStart = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        let name = utf8[nameStart...]
        // `<name>.<type>.<extension>`, the name not empty: at least two dots, none first.
        guard name.first != UInt8(ascii: "."), let lastDot = name.lastIndex(of: UInt8(ascii: ".")),
              let typeDot = name[..<lastDot].lastIndex(of: UInt8(ascii: ".")) else { return nil }
        let ext = name[name.index(after: lastDot)...]
        let type = name[name.index(after: typeDot)..<lastDot]
        if type.elementsEqual(customAdapter.utf8) {
            return logoAndCodeExtensions.contains { ext.elementsEqual($0.utf8) } || ext.elementsEqual("json".utf8) ? customAdapter : nil
        }
        guard ext.elementsEqual("json".utf8), !type.isEmpty else { return nil }
        for known in [recipe, connection] where type.elementsEqual(known.utf8) { return known }
        return String(Substring(type))
    }

    /// What a connector's trio holds besides its `.json`: the code and a logo.
    private static let logoAndCodeExtensions = ["rb", "png", "jpg", "jpeg"]

    /// Whether the file is an asset document rlcm parses (a `.json` asset; connector code and logos are data).
    public static func isJSONAsset(_ path: String) -> Bool {
        of(path) != nil && path.hasSuffix(".json")
    }

    /// The base path shared by a connector's trio: `acme_erp` for `acme_erp.custom_adapter.json`.
    public static func connectorBase(_ path: String) -> String? {
        guard let range = path.range(of: ".\(customAdapter).", options: .backwards) else { return nil }
        return String(path[..<range.lowerBound])
    }
}
