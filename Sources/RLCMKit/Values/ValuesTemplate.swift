import Foundation
import RLCMFormat

/// `rlcm values`: a values file with every property a package's recipes read and every connection
/// it needs, each filled with what the target has for it, or `null` where it has nothing, so that
/// a team starts from a complete file (`Schemas/values.schema.json`) and fills in the `null`s.
public struct ValuesTemplate: Report, Sendable {
    public var formatVersion = 1
    public var accountProperties: [Entry]
    public var projectProperties: [String: [Entry]]
    /// Each connection the package carries or refers to, where it lands → the target's connection
    /// there, or nil where the target has none (bind it to one, or leave it to be created).
    public var connections: [Entry]

    /// A property and the target's value, in the order the plan lists properties.
    public struct Entry: Sendable {
        public var name: String
        public var value: String?
    }

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", accountProperties = "account_properties", projectProperties = "project_properties", connections }

    /// Encoded as a values file: properties as objects of names, in order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(OrderedProperties(entries: accountProperties), forKey: .accountProperties)
        try container.encode(projectProperties.mapValues { OrderedProperties(entries: $0) }, forKey: .projectProperties)
        try container.encode(OrderedProperties(entries: connections), forKey: .connections)
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
        var files: [String: PropertyFileContents] = [:]
        for property in plan.properties ?? [] {
            let file = try files[property.file] ?? PropertyFileContents(workspace: workspace, path: property.file, kind: property.type)
            files[property.file] = file
            let entry = ValuesTemplate.Entry(name: property.name, value: file.members[property.name]?.stringValue)
            if property.type == .account { account.append(entry) } else { project.append(entry) }
        }
        var connections = plan.assets.filter { $0.type == AssetType.connection }.map(\.path)
        let target = try TargetReferences(workspace: workspace, project: options.project, folder: options.folder, projects: Set(try workspace.projects()))
        connections += plan.unresolved.filter { $0.type == AssetType.connection }.compactMap(\.zipName).map(target.landingPath)
        let bindings = Set(connections).sorted().map { path in
            ValuesTemplate.Entry(name: path, value: FileSystem.isRegularFile(workspace.path(path)) ? path : nil)
        }
        return ValuesTemplate(accountProperties: account, projectProperties: project.isEmpty ? [:] : [options.project: project], connections: bindings)
    }
}
