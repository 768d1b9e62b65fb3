/// A `{zip_name, name, folder}` object inside an asset: how assets point at each other.
public struct AssetReference: Sendable, Hashable, Codable {
    /// Where the reference sits in its file, e.g. `$.config[0].account_id`.
    public var jsonPath: String
    public var zipName: String
    /// The referenced asset's display name (for a connector: its title).
    public var name: String?

    enum CodingKeys: String, CodingKey { case jsonPath = "json_path", zipName = "zip_name", name }

    /// Whether `zip_name` could name a file of a package at all: relative, no `..`, no backslashes
    /// or control characters — the rules of entry names. Anything else is refused before it is
    /// looked up anywhere, so a reference can never reach outside a package or a workspace.
    static let malformedReason = "a reference must be a relative path inside the package (no '..', no leading '/'), not"

    public var isWellFormed: Bool {
        !zipName.hasSuffix("/") && (try? ZipNameRules.validate(bytes: Array(zipName.utf8), utf8Flag: true, limits: .default).get()) != nil
    }
}

/// A custom connector provider key used by an asset, and where.
public struct ProviderKeyUse: Sendable, Hashable {
    public var jsonPath: String
    public var key: String
}

/// A step of a recipe that runs a connector action or trigger.
public struct StepUse: Sendable, Hashable {
    public var provider: String
    /// `trigger` or `action`.
    public var keyword: String
    /// The action or trigger name.
    public var name: String
}

/// Everything an asset says about other assets, read once from its JSON.
public struct AssetLinks: Sendable {
    public var references: [AssetReference] = []
    /// Keys in `provider` fields (steps and `config[]`) that have the shape of a custom connector key.
    public var providerKeys: [ProviderKeyUse] = []
    /// The distinct custom connector actions and triggers the recipe's steps run (a package may
    /// hold thousands of recipes, so repeated steps are kept once).
    public var steps: [StepUse] = []
    /// For recipes: the connection each `config[]` provider uses (provider → connection zip_name).
    public var connectionByProvider: [String: String] = [:]

    public init() {}

    /// Reads the links of a parsed asset document. Any object with a string `zip_name` is a reference,
    /// wherever it sits, so types rlcm does not know still have their dependencies followed.
    public init(document: JSONValue) {
        collect(document, path: "$")
        if case .object(let root) = document, case .array(let config)? = root["config"] {
            for entry in config {
                guard case .object(let item) = entry, case .string(let provider)? = item["provider"],
                      case .object(let account)? = item["account_id"], case .string(let zipName)? = account["zip_name"]
                else { continue }
                connectionByProvider[provider] = zipName
            }
        }
    }

    private mutating func collect(_ value: JSONValue, path: String) {
        switch value {
        case .object(let object):
            if case .string(let zipName)? = object["zip_name"] {
                references.append(AssetReference(jsonPath: path, zipName: zipName, name: object["name"]?.stringValue))
            }
            if case .string(let provider)? = object["provider"], Connector.isProviderKey(provider) {
                providerKeys.append(ProviderKeyUse(jsonPath: "\(path).provider", key: provider))
                if case .string(let keyword)? = object["keyword"], keyword == "trigger" || keyword == "action",
                   case .string(let name)? = object["name"] {
                    let step = StepUse(provider: provider, keyword: keyword, name: name)
                    if !steps.contains(step) { steps.append(step) }
                }
            }
            for (key, child) in object.members where child.isContainer {
                collect(child, path: JSONPath.appending(key: key, to: path))
            }
        case .array(let items):
            for (index, item) in items.enumerated() where item.isContainer {
                collect(item, path: JSONPath.appending(index: index, to: path))
            }
        default:
            break
        }
    }
}

extension JSONValue {
    var isContainer: Bool {
        switch self {
        case .object, .array: return true
        default: return false
        }
    }
}
