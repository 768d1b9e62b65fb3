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
    var problems: [PlanProblem] = []
    var warnings = 0
    var writes: [Write] = []
    /// The target's property files the plan read, which it depends on.
    var read: [String] = []

    /// The fingerprint that stands for the values given: a saved plan is stale once one changes.
    static let fingerprintPath = "(values)"

    /// The platform's limits on properties.
    static let maxNameLength = 100, maxValueLength = 1024, maxProperties = 1000

    init(index: PackageIndex, target: TargetReferences, values: Values?, options: ImportOptions, workspace: Workspace) throws {
        let store = PropertyStore(workspace: workspace)
        let projectExists = FileSystem.isDirectory(workspace.path(options.project))
        for kind in PropertyUse.Kind.allCases {
            let carried = index.assets.first { $0.declares?.kind == kind }
            let owner = kind == .account ? nil : options.project
            let files = kind == .account || projectExists ? try store.files(project: owner) : ["\(options.project)/\(PropertyStore.projectFileName)"]
            let path = kind == .account ? PropertyStore.accountFile : carried.map { target.landingPath($0.zipName) } ?? files[0]
            let given = (kind == .account ? values?.account : values?.project[options.project]) ?? [:]
            let file = try PropertyFileContents(workspace: workspace, path: path, kind: kind)
            read += files.filter { FileSystem.isRegularFile(workspace.path($0)) }
            let valued = kind == .account || projectExists ? Set(try store.values(prefix: "", project: owner).map(\.name)) : []
            for property in index.propertiesRead.filter({ $0.type == kind }) {
                let source: ImportPlan.PropertyValue.Source = given[property.name] != nil ? .valuesFile : valued.contains(property.name) ? .target : .nowhere
                rows.append(.init(type: kind, name: property.name, source: source, file: path, valueSHA256: given[property.name]?.sha256,
                                  readers: property.readers))
                if source == .nowhere {
                    let where_ = property.readers.map { "'\(target.landingPath($0.entry))' \($0.jsonPath)" }.joined(separator: ", ")
                    let text = "\(kind.rawValue) '\(property.name)' has a value neither in the target nor in the values file; read by \(where_)"
                    let first = property.readers.first
                    if options.strict {
                        problems.append(PlanProblem(.property, path: first.map { target.landingPath($0.entry) }, jsonPath: first?.jsonPath, text + " (--strict)"))
                    } else {
                        warnings += 1
                    }
                }
            }
            problems += Self.refusals(of: given.mapValues(\.text)).map { PlanProblem(.property, path: path, $0) }
            // The package's own file lands as it is where the target has none.
            guard file.exists || !given.isEmpty else { continue }
            let merged = file.merged(declared: carried?.declares?.names ?? [], setting: given)
            if merged.count > Self.maxProperties {
                problems.append(PlanProblem(.property, path: path, "'\(path)' would hold \(merged.count) properties; the platform allows \(Self.maxProperties)"))
            }
            if merged != file.members || !file.exists {
                writes.append(Write(path: path, zipName: carried?.zipName ?? (kind == .account ? PropertyStore.accountFile : PropertyStore.projectFileName), type: carried?.type ?? (kind == .account ? "properties" : "project_properties"),
                                    bytes: file.encode(merged), exists: file.exists))
            }
        }
    }

    /// What the platform refuses of `given`: names over 100 characters and values over 1,024.
    static func refusals(of given: [String: String]) -> [String] {
        given.sorted { $0.key < $1.key }.flatMap { name, value in
            (name.count > maxNameLength ? ["property name '\(name)' is \(name.count) characters; the platform allows \(maxNameLength)"] : [])
                + (value.count > maxValueLength ? ["the value of property '\(name)' is \(value.count) characters; the platform allows \(maxValueLength)"] : [])
        }
    }
}
