import Foundation
import RLCMFormat

/// The planner's values step: for each property the package's recipes read, where its value will
/// come from once imported (the values file, the target, or nowhere), and the property files the
/// import writes to set the values given. Property files are merged, never replaced: the target's
/// names and values stay, the package's names are added, the values file's values are set.
///
/// Values live in the property files of the project the package lands in, where a package's own
/// property files land: `account_properties.properties.json` (a flat object) and
/// `properties.project_properties.json` (`{"data": {...}}`) at the landing folder, or wherever the
/// package carries them.
struct PropertyValues {
    /// A property file the import writes, and what it puts there.
    struct Write {
        var path: String
        var zipName: String
        var type: AssetType
        var bytes: [UInt8]
        var exists: Bool
    }

    var rows: [ImportPlan.PropertyValue] = []
    var problems: [String] = []
    var warnings = 0
    var writes: [Write] = []
    /// The target's property files the plan read, which it depends on.
    var read: [String] = []

    /// The fingerprint that stands for the values given: a saved plan is stale once one changes.
    static let fingerprintPath = "(values)"

    /// The platform's limits on properties.
    static let maxNameLength = 100, maxValueLength = 1024, maxProperties = 1000

    init(index: PackageIndex, target: TargetReferences, values: Values?, options: ImportOptions, workspace: Workspace) throws {
        for kind in PropertyUse.Kind.allCases {
            let carried = index.assets.first { $0.declares?.kind == kind }
            let zipName = carried?.zipName ?? (kind == .account ? "account_properties.properties.json" : "properties.project_properties.json")
            let path = target.landingPath(zipName)
            let given = (kind == .account ? values?.account : values?.project[options.project]) ?? [:]
            let file = try PropertyFileContents(workspace: workspace, path: path, kind: kind)
            if file.exists { read.append(path) }
            let reads = index.propertiesRead.filter { $0.type == kind }
            for property in reads {
                let source: ImportPlan.PropertyValue.Source = given[property.name] != nil ? .valuesFile : file.hasValue(property.name) ? .target : .nowhere
                rows.append(.init(type: kind, name: property.name, source: source, file: path, valueSHA256: given[property.name]?.sha256,
                                  readers: property.readers))
                if source == .nowhere {
                    let where_ = property.readers.map { "'\(target.landingPath($0.entry))' \($0.jsonPath)" }.joined(separator: ", ")
                    let text = "\(kind.rawValue) '\(property.name)' has a value neither in the target nor in the values file; read by \(where_)"
                    if options.strict { problems.append(text + " (--strict)") } else { warnings += 1 }
                }
            }
            try check(given, file: path)
            guard !given.isEmpty else { continue }
            let merged = file.merged(declared: carried?.declares?.names ?? [], setting: given)
            if merged.count > Self.maxProperties {
                problems.append("'\(path)' would hold \(merged.count) properties; the platform allows \(Self.maxProperties)")
            }
            let bytes = file.encode(merged)
            if bytes != file.bytes {
                writes.append(Write(path: path, zipName: zipName, type: carried?.type ?? (kind == .account ? "properties" : "project_properties"),
                                    bytes: bytes, exists: file.exists))
            }
        }
    }

    /// The platform refuses names over 100 characters and values over 1,024.
    private mutating func check(_ given: [String: Values.Value], file: String) throws {
        for (name, value) in given.sorted(by: { $0.key < $1.key }) {
            if name.count > Self.maxNameLength { problems.append("property name '\(name)' is \(name.count) characters; the platform allows \(Self.maxNameLength)") }
            if value.text.count > Self.maxValueLength {
                problems.append("the value of property '\(name)' is \(value.text.count) characters; the platform allows \(Self.maxValueLength)")
            }
        }
    }
}

/// A target property file as it is (or its absence), and how it is merged and written.
struct PropertyFileContents {
    let path: String
    let kind: PropertyUse.Kind
    let exists: Bool
    let bytes: [UInt8]
    /// The whole document (for project properties, what surrounds `data`).
    let document: JSONObject
    /// The properties: the document itself, or its `data`.
    let members: JSONObject

    init(workspace: Workspace, path: String, kind: PropertyUse.Kind) throws {
        self.path = path
        self.kind = kind
        let full = workspace.path(path)
        exists = FileSystem.isRegularFile(full)
        bytes = exists ? try FileSystem.read(full) : []
        let root = exists ? try JSONParser.parse(bytes, file: path) : .object(JSONObject())
        guard case .object(let document) = root else {
            document = JSONObject()
            members = JSONObject()
            return
        }
        self.document = document
        members = (try? PropertyFile.properties(of: root, kind: kind, file: path)) ?? JSONObject()
    }

    func hasValue(_ name: String) -> Bool {
        guard let value = members[name] else { return false }
        return value != .null
    }

    /// The properties once the package's names are added (without values) and the values set.
    func merged(declared: [String], setting given: [String: Values.Value]) -> JSONObject {
        var merged = members
        for name in declared where merged[name] == nil { merged[name] = .null }
        for (name, value) in given.sorted(by: { $0.key < $1.key }) { merged[name] = .string(value.text) }
        return merged
    }

    func encode(_ properties: JSONObject) -> [UInt8] { PropertyFile.encode(properties, kind: kind, in: document) }
}
