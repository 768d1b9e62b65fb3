import Foundation
import RLCMFormat

/// A file of values for one environment (`Schemas/values.schema.json`): the account and project
/// properties a package's recipes read, set on import; the target's connections to use instead of
/// the package's; and the custom connector each untied provider key is. A property value is text,
/// `null` (none given), or `{"env": "NAME"}`, read from the environment when the plan is made so
/// that secrets stay out of git; no value appears in a plan, output or history, only its SHA-256.
public struct ValuesFile: Sendable {
    /// A value as the file gives it.
    public enum Given: Sendable, Equatable {
        case text(String)
        case variable(String)
    }

    public var file: String
    /// The path a package's recipes reference (where that connection lands in the target) → the
    /// target's connection to use instead.
    public var connections: [String: String]
    /// A provider key of the package's recipes → the title of the custom connector it is, where
    /// nothing in the package ties them (the connector was renamed after the key was made).
    public var connectors: [String: String]
    public var accountProperties: [(name: String, value: Given?)]
    /// Project → its properties.
    public var projectProperties: [String: [(name: String, value: Given?)]]

    /// Reads the values file at `file`, as strictly as a package's JSON: duplicate keys, unknown
    /// keys, wrong types and another `format_version` are refused, naming the place.
    public init(file: String) throws {
        let root = try JSONParser.parse(try FileSystem.read(file), file: file)
        try self.init(root, file: file)
    }

    init(_ root: JSONValue, file: String) throws {
        self.file = file
        guard case .object(let object) = root else { throw ValuesError.invalid(file: file, path: "$", "the file must hold a JSON object") }
        for key in object.keys where !["format_version", "account_properties", "project_properties", "connections", "connectors"].contains(key) {
            throw ValuesError.invalid(file: file, path: "$.\(key)", "unknown key; a values file has format_version, account_properties, project_properties, connections and connectors")
        }
        guard case .number("1")? = object["format_version"] else { throw ValuesError.invalid(file: file, path: "$.format_version", "must be 1") }
        var connections: [String: String] = [:]
        if let value = object["connections"] {
            guard case .object(let bindings) = value else { throw ValuesError.invalid(file: file, path: "$.connections", "must be an object of connection paths") }
            for (from, to) in zip(bindings.keys, bindings.values) where to != .null {
                guard case .string(let path) = to, path.hasSuffix(".connection.json") else {
                    throw ValuesError.invalid(file: file, path: JSONPath.appending(key: from, to: "$.connections"),
                                              "must name the target's connection to use (a workspace-relative path ending in .connection.json), or be null")
                }
                connections[from] = path
            }
        }
        self.connections = connections
        var connectors: [String: String] = [:]
        if let value = object["connectors"] {
            guard case .object(let ties) = value else { throw ValuesError.invalid(file: file, path: "$.connectors", "must be an object of provider keys") }
            for (key, title) in zip(ties.keys, ties.values) where title != .null {
                guard case .string(let title) = title, Connector.isTitle(title) else {
                    throw ValuesError.invalid(file: file, path: JSONPath.appending(key: key, to: "$.connectors"),
                                              "must name the custom connector this provider key is (its title), or be null")
                }
                connectors[key] = title
            }
        }
        self.connectors = connectors
        accountProperties = try Self.properties(object["account_properties"], file: file, path: "$.account_properties")
        var projects: [String: [(name: String, value: Given?)]] = [:]
        if let value = object["project_properties"] {
            guard case .object(let byProject) = value else { throw ValuesError.invalid(file: file, path: "$.project_properties", "must be an object of projects") }
            for (project, properties) in zip(byProject.keys, byProject.values) {
                projects[project] = try Self.properties(properties, file: file, path: JSONPath.appending(key: project, to: "$.project_properties"))
            }
        }
        projectProperties = projects
    }

    private static func properties(_ value: JSONValue?, file: String, path: String) throws -> [(name: String, value: Given?)] {
        guard let value else { return [] }
        guard case .object(let object) = value else { throw ValuesError.invalid(file: file, path: path, "must be an object of property names") }
        return try zip(object.keys, object.values).map { name, value in
            let place = JSONPath.appending(key: name, to: path)
            switch value {
            case .null: return (name, nil)
            case .string(let text): return (name, .text(text))
            case .object(let variable) where variable.keys == ["env"]:
                guard case .string(let variableName)? = variable["env"], !variableName.isEmpty else {
                    throw ValuesError.invalid(file: file, path: place, "{\"env\": NAME} names an environment variable")
                }
                return (name, .variable(variableName))
            default:
                throw ValuesError.invalid(file: file, path: place, "a value is text, null, or {\"env\": \"NAME\"}")
            }
        }
    }

    /// The values to set, each read: variables from `variables` (what the process was given; the
    /// library reads no environment itself). A variable that is not set is an error naming it.
    public func resolved(variables: (String) -> String?) throws -> Values {
        func resolve(_ given: Given?, _ name: String) throws -> Values.Value? {
            switch given {
            case nil: return nil
            case .text(let text): return .init(text: text, secret: false)
            case .variable(let variable):
                guard let text = variables(variable) else { throw ValuesError.missingVariable(variable, property: name, file: file) }
                return .init(text: text, secret: true)
            }
        }
        var values = Values(file: file, connections: connections, connectors: connectors)
        for (name, given) in accountProperties { if let value = try resolve(given, name) { values.account[name] = value } }
        for (project, properties) in projectProperties {
            for (name, given) in properties { if let value = try resolve(given, name) { values.project[project, default: [:]][name] = value } }
        }
        return values
    }
}

/// The values a plan sets, read (variables resolved). Never encoded: plans keep digests.
public struct Values: Sendable, Equatable {
    public struct Value: Sendable, Equatable {
        public var text: String
        /// Read from an environment variable: the text must never be shown.
        public var secret: Bool
        var sha256: String { Hashing.sha256(Array(text.utf8)) }
    }

    public var file: String
    /// Connection bindings: the landing path a package's recipes reference → the target's connection.
    public var connections: [String: String] = [:]
    /// Connector ties: a provider key of the package's recipes → the title of its custom connector.
    public var connectors: [String: String] = [:]
    public var account: [String: Value] = [:]
    public var project: [String: [String: Value]] = [:]

    /// One digest of every value, what the plan's fingerprint holds: a saved plan is stale once
    /// any value changes.
    var digest: String {
        var lines = account.sorted { $0.key < $1.key }.map { "a\t\($0.key)\t\($0.value.sha256)" }
        for (project, values) in project.sorted(by: { $0.key < $1.key }) {
            lines += values.sorted { $0.key < $1.key }.map { "p\t\(project)\t\($0.key)\t\($0.value.sha256)" }
        }
        lines += connections.sorted { $0.key < $1.key }.map { "c\t\($0.key)\t\($0.value)" }
        lines += connectors.sorted { $0.key < $1.key }.map { "k\t\($0.key)\t\($0.value)" }
        return Hashing.sha256(Array(lines.joined(separator: "\n").utf8))
    }
}

/// Why a values file cannot be used.
public enum ValuesError: RLCMError, Equatable {
    case invalid(file: String, path: String, String)
    case missingVariable(String, property: String, file: String)

    public var description: String {
        switch self {
        case .invalid(let file, let path, let reason):
            return "values file '\(file)' \(path): \(reason)"
        case .missingVariable(let variable, let property, let file):
            return "values file '\(file)': property '\(property)' takes its value from the environment variable \(variable), which is not set"
        }
    }
}
