import Foundation
import RLCMFormat

/// `rlcm values`: a values file with every property a package's recipes read, every connection
/// it needs and every provider key nothing ties to a custom connector, each filled with what the
/// target has for it, or `null` where it has nothing, so that a team starts from a complete file
/// (`Schemas/values.schema.json`) and fills in the `null`s.
public struct ValuesTemplate: Report, Sendable {
    public var formatVersion = 1
    public var accountProperties: [Entry]
    public var projectProperties: [String: [Entry]]
    /// Each connection the package carries or refers to, where it lands → the target's connection
    /// there, or nil where the target has none (bind it to one, or leave it to be created).
    public var connections: [Entry]
    /// Each provider key the recipes use that neither the package nor the target ties to a custom
    /// connector → nil: which connector it is, only the team knows (the plan names the likely one).
    /// Written only when there is one.
    public var connectors: [Entry]

    /// A property and the target's value, in the order the plan lists properties.
    public struct Entry: Sendable {
        public var name: String
        public var value: String?
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", accountProperties = "account_properties", projectProperties = "project_properties", connections, connectors
    }

    /// Encoded as a values file: properties as objects of names, in order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(OrderedProperties(entries: accountProperties), forKey: .accountProperties)
        try container.encode(projectProperties.mapValues { OrderedProperties(entries: $0) }, forKey: .projectProperties)
        try container.encode(OrderedProperties(entries: connections), forKey: .connections)
        // Only where a key is untied, which a package whose connections name its connectors never has.
        if !connectors.isEmpty { try container.encode(OrderedProperties(entries: connectors), forKey: .connectors) }
    }

    private struct OrderedProperties: Encodable {
        var entries: [Entry]
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for entry in entries { try container.encode(entry.value, forKey: Key(stringValue: entry.name)) }
        }
    }
}

extension WorkspaceSession {
    /// The values file `rlcm values` writes for importing `package` as `options` say.
    public func valuesTemplate(package: String, _ options: ImportOptions) throws -> ValuesTemplate {
        let plan = try plan(package: package, options)
        var account: [ValuesTemplate.Entry] = [], project: [ValuesTemplate.Entry] = []
        let store = PropertyStore(workspace: workspace)
        let accountValues = Dictionary(try store.values(prefix: "", project: nil), uniquingKeysWith: { first, _ in first })
        let projectValues = FileSystem.isDirectory(workspace.path(options.project))
            ? Dictionary(try store.values(prefix: "", project: options.project), uniquingKeysWith: { first, _ in first }) : [:]
        for property in plan.properties ?? [] {
            if property.type == .account {
                account.append(.init(name: property.name, value: accountValues[property.name]))
            } else {
                project.append(.init(name: property.name, value: projectValues[property.name]))
            }
        }
        var connections = plan.assets.filter { $0.type == AssetType.connection }.map(\.path)
        let target = try TargetReferences(workspace: workspace, project: options.project, folder: options.folder, projects: Set(try workspace.projects()))
        connections += plan.unresolved.filter { $0.type == AssetType.connection }.compactMap(\.zipName).map(target.landingPath)
        let bindings = Set(connections).sorted().map { path in
            ValuesTemplate.Entry(name: path, value: FileSystem.isRegularFile(workspace.path(path)) ? path : nil)
        }
        let untied = Set(plan.unresolved.compactMap(\.providerKey)).sorted().map { ValuesTemplate.Entry(name: $0, value: nil) }
        return ValuesTemplate(accountProperties: account, projectProperties: project.isEmpty ? [:] : [options.project: project], connections: bindings,
                              connectors: untied)
    }
}
