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
    public static func of(_ path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, !parts[0].isEmpty else { return nil }
        let ext = parts[parts.count - 1], type = String(parts[parts.count - 2])
        if type == customAdapter { return ["json", "rb", "png", "jpg", "jpeg"].contains(ext) ? type : nil }
        return ext == "json" && !type.isEmpty ? type : nil
    }

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
