import RLCMFormat

/// Where a workspace keeps property values, as the platform keeps them: account properties
/// belong to the whole workspace, in `account_properties.properties.json` at its root (where a
/// package's own account property file lands, whatever project it is imported into); a project's
/// properties are in its project property files (`properties.project_properties.json`, in any
/// folder of the project, as exports place them). The one place that knows where a value lives,
/// for the planner's values step, the server's `/api/properties` and the remote snapshot.
public struct PropertyStore: Sendable {
    /// The workspace's account properties: the package root's file, at the workspace root.
    public static let accountFile = "account_properties.properties.json"
    /// A project's property file where the project has none yet.
    public static let projectFileName = "properties.project_properties.json"

    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// The files that hold `project`'s properties (nil: the account's), the first one where new
    /// names go; a default path when there is none yet.
    func files(project: String?) throws -> [String] {
        guard let project else { return [Self.accountFile] }
        let found = try WorkspaceScanner(workspace: workspace).files(below: project)
            .filter { AssetType.of($0) == "project_properties" }
            .sorted { ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1) }
        return found.isEmpty ? ["\(project)/\(Self.projectFileName)"] : found
    }

    /// Every property name of `project` (nil: the account's), with a value or not.
    func names(project: String?) throws -> [String] {
        try files(project: project).flatMap { try PropertyFileContents(workspace: workspace, path: $0, kind: project == nil ? .account : .project).members.keys }
    }

    /// Every property of `project` (nil: the account's) that has a value and whose name starts with
    /// `prefix`, as the platform's `GET /api/properties` lists them.
    public func values(prefix: String, project: String?) throws -> [(name: String, value: String)] {
        var result: [String: String] = [:]
        for path in try files(project: project).reversed() {
            let file = try PropertyFileContents(workspace: workspace, path: path, kind: project == nil ? .account : .project)
            for (name, value) in zip(file.members.keys, file.members.values) where name.hasPrefix(prefix) {
                if case .string(let text) = value { result[name] = text }
            }
        }
        return result.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The property files that setting `values` changes, and their new bytes: each name is set in
    /// the file that holds it, a new one in the first file. Nothing is written.
    public func writes(setting values: [String: String], project: String?) throws -> [(path: String, bytes: [UInt8])] {
        let kind: PropertyUse.Kind = project == nil ? .account : .project
        let files = try files(project: project).map { try PropertyFileContents(workspace: workspace, path: $0, kind: kind) }
        var given: [String: [String: Values.Value]] = [:]
        for (name, text) in values {
            let holder = files.first { $0.members[name] != nil } ?? files[0]
            given[holder.path, default: [:]][name] = Values.Value(text: text, secret: false)
        }
        return files.compactMap { file in
            guard let set = given[file.path] else { return nil }
            let bytes = file.encode(file.merged(declared: [], setting: set))
            return bytes == file.bytes ? nil : (file.path, bytes)
        }
    }
}

extension WorkspaceSession {
    /// Sets property values of `project` (nil: the account's), as the platform's
    /// `POST /api/properties` upserts them: names not there are added, the others keep theirs.
    /// A name or value the platform would refuse is refused, and nothing is written.
    public func setProperties(_ values: [String: String], project: String?) throws {
        if let project, !FileSystem.isDirectory(workspace.path(project)) || project.hasPrefix(".") || project.contains("/") {
            throw WorkspaceError.noSuchPath(project)
        }
        let store = PropertyStore(workspace: workspace)
        var refusals = PropertyValues.refusals(of: values)
        let count = Set(try store.names(project: project)).union(values.keys).count
        if count > PropertyValues.maxProperties { refusals.append("there would be \(count) properties; the platform allows \(PropertyValues.maxProperties)") }
        if !refusals.isEmpty { throw WorkspaceError.invalidProperties(refusals) }
        let writes = try store.writes(setting: values, project: project)
        guard !writes.isEmpty else { return }
        let transaction = try transaction()
        for write in writes { try transaction.write(write.path, write.bytes) }
        _ = try transaction.commit()
    }
}

/// A property file as it is (or its absence), and how it is merged and written.
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
