import Foundation
import RLCMFormat

/// A workspace rebuilt in a temporary folder from what another workspace shows through the
/// Developer API, so that `rlcm plan --remote` runs the very planner `rlcm plan` runs, on the
/// same kind of input. What the API gives byte for byte (the files of an exported folder) is
/// written as it came; what it gives only as fields (recipes and connections elsewhere, the
/// connector store, which recipes run) is written in the workspace's own formats, the same way
/// every time, so that two snapshots of an unchanged remote hold the same bytes.
public struct WorkspaceSnapshot: Sendable {
    public let workspace: Workspace

    /// A new, empty snapshot at `root` for the remote workspace named `name`, created at
    /// `createdAt` (what `users/me` says: new connectors' ids derive from both, as locally).
    public init(at root: String, name: String, createdAt: String) throws {
        var settings = WorkspaceSettings(name: name, environment: .production, dataCenter: .us, createdAt: Date(timeIntervalSince1970: 0))
        settings.createdAt = createdAt
        workspace = try Workspace.create(at: root, settings: settings)
    }

    /// A folder, workspace-relative, with its parents.
    public func addFolder(_ path: String) throws {
        try FileSystem.makeDirectories(workspace.path(path))
    }

    /// Writes a file unless the snapshot has one there already: exported bytes come first.
    public func addFile(_ path: String, _ bytes: [UInt8]) throws {
        let full = workspace.path(path)
        guard !FileSystem.exists(full) else { return }
        try FileSystem.makeDirectories(FileSystem.folder(of: full))
        try FileSystem.write(bytes, to: full)
    }

    /// Writes the files of a package exported from `project` where the remote keeps them: the
    /// export names a project's files relative to it and other projects' files by their full
    /// path, which is how an import lands them. Custom connectors are left out: they live in the
    /// store (`addConnector`). Needs the remote's folders first (`addFolder`).
    public func unpack(package file: String, exportedFrom project: String) throws {
        let landing = try landing(project)
        _ = try PackageIndex(reading: ZipReader(path: file, letterCase: workspace.probeLetterCase()), of: file, progress: nil,
                             visit: { asset, bytes in (asset.zipName, bytes) }, visited: { try addFile(landing.path($0.0), $0.1) })
    }

    /// Where the entry `zipName` of an export of `project` lives in the workspace.
    public func path(of zipName: String, exportedFrom project: String) throws -> String {
        try landing(project).path(zipName)
    }

    private func landing(_ project: String) throws -> Landing {
        Landing(workspace: workspace, project: project, folder: "", projects: Set(try workspace.projects()))
    }

    /// The recipes that run, as `rlcm recipe start` records them.
    public func setRunning(_ paths: [String]) throws {
        var states = RecipeStates()
        for path in paths { states.set(path, running: true) }
        try FileSystem.replace(workspace.path(RecipeStates.file), with: try StateCoding.encode(states))
    }

    /// A custom connector as the API describes it: what the planner matches by title, numbers
    /// the next version from and compares the incoming code with.
    public struct ConnectorState: Sendable {
        public struct Version: Sendable {
            public var number: Int
            public var note: String?
            public var createdAt: String

            public init(number: Int, note: String?, createdAt: String) {
                self.number = number
                self.note = note
                self.createdAt = createdAt
            }
        }

        public var id: Int
        public var title: String
        public var providerKey: String
        public var latestVersion: Int
        public var releasedVersion: Int?
        /// The versions the API lists (the released ones); the others are kept without a note.
        public var versions: [Version]
        /// The released version's code, for connectors the package carries (nil: not read).
        public var releasedCode: [UInt8]?

        public init(id: Int, title: String, providerKey: String, latestVersion: Int, releasedVersion: Int?, versions: [Version],
                    releasedCode: [UInt8]?) {
            self.id = id
            self.title = title
            self.providerKey = providerKey
            self.latestVersion = latestVersion
            self.releasedVersion = releasedVersion
            self.versions = versions
            self.releasedCode = releasedCode
        }
    }

    /// Puts a connector in the snapshot's store.
    public func addConnector(_ state: ConnectorState) throws {
        let listed = Dictionary(state.versions.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        let latest = max(state.latestVersion, state.releasedVersion ?? 0)
        let versions = (0..<latest).map { index -> ConnectorVersion in
            let number = index + 1
            let code = number == state.releasedVersion ? state.releasedCode.map { Hashing.sha256($0) } : nil
            return ConnectorVersion(versionNo: number, note: listed[number]?.note, createdAt: listed[number]?.createdAt ?? "", codeSHA256: code ?? "")
        }
        var connector = Connector(id: state.id, title: state.title, providerKey: state.providerKey, description: nil, logoFileName: nil,
                                  logoContentType: nil, releasedVersion: nil, versions: versions)
        if let released = state.releasedVersion { connector.release(released) }
        let folder = workspace.path(ConnectorStore(workspace: workspace).folder(state.id))
        try FileSystem.makeDirectories(folder)
        try FileSystem.write(try StateCoding.encode(connector), to: "\(folder)/connector.json")
        if let released = state.releasedVersion, let code = state.releasedCode { try FileSystem.write(code, to: "\(folder)/v\(released).rb") }
    }

    /// The property names the snapshot's property files hold: the account's (`project` nil) or
    /// `project`'s (none where the project is not there).
    public func propertyNames(project: String?) throws -> [String] {
        if let project, !FileSystem.isDirectory(workspace.path(project)) { return [] }
        return try PropertyStore(workspace: workspace).names(project: project)
    }

    /// Sets property values as the remote answers them (its exports carry the names only), where
    /// a workspace keeps them: the account's (`project` nil) or `project`'s.
    public func setProperties(_ values: [String: String], project: String?) throws {
        for write in try PropertyStore(workspace: workspace).writes(setting: values, project: project) {
            try FileSystem.makeDirectories(FileSystem.folder(of: workspace.path(write.path)))
            try FileSystem.replace(workspace.path(write.path), with: write.bytes)
        }
    }

    /// Writes to `output` the package `package` as importing it into the snapshot with `options`
    /// would land it through the values file's connection bindings and connector ties:
    /// references to a bound connection rewritten to the target's, the bound connection left out,
    /// and each tied key rewritten to one the remote's import ties the same way
    /// (`ConnectorTies.keysToSend`). For a remote whose own import knows no values file.
    public func bindValues(of package: String, _ options: ImportOptions, to output: String) throws {
        let target = try TargetReferences(workspace: workspace, project: options.project, folder: options.folder,
                                          projects: Set(try workspace.projects()))
        let bindings = ConnectionBindings(values: options.values, target: target)
        let ties = ProviderKeyRewriter(try ConnectorTies.keysToSend(options.values, package: package,
                                                                    existing: try ConnectorStore(workspace: workspace).all()))
        let writer = try ZipWriter(destination: output)
        try ZipReader(path: package).forEachFile { entry, bytes in
            let type = AssetType.of(entry.path)
            guard type != AssetType.connection || bindings.bound[target.landingPath(entry.path)] == nil else { return }
            var contents = AssetType.isJSONAsset(entry.path) ? bindings.rewriter.rewrite(bytes).0 : bytes
            if type == AssetType.recipe || type == AssetType.connection { contents = ties.rewrite(contents).0 }
            try writer.addFile(path: entry.path, contents: contents)
        }
        try writer.commit()
    }

    /// Plans importing `package` into the snapshot exactly as `rlcm plan` plans into a folder,
    /// except that dependents are fingerprinted by content (a snapshot's stat stamps mean
    /// nothing) and the usage cache is not kept (the snapshot is deleted afterwards). `saved`:
    /// a plan being checked again, whose new connectors keep the keys it chose.
    public func plan(package: String, _ options: ImportOptions, following saved: ImportPlan? = nil, environment: RunEnvironment) throws -> ImportPlan {
        var options = options
        options.fingerprintByContent = true
        return try workspace.locked(command: "plan --remote", environment: environment) { session in
            // The snapshot is deleted afterwards: its usage cache is read (it has none) but not kept.
            try ImportPlanner(session: session).plan(package: package, options, newKeys: ImportPlanner.newKeys(following: saved),
                                                     usage: RecipeUsageCache(workspace: workspace, environment: environment)).plan
        }
    }

    /// The values file `rlcm values` writes for importing `package` into the snapshot.
    public func valuesTemplate(package: String, _ options: ImportOptions, environment: RunEnvironment) throws -> ValuesTemplate {
        var options = options
        options.fingerprintByContent = true
        return try workspace.locked(command: "values --remote", environment: environment) { try $0.valuesTemplate(package: package, options) }
    }

    /// Refuses a saved plan that no longer holds against `current`, the same plan made now, and a
    /// plan with problems (with no saved plan, only that): the rule `rlcm import` applies to a folder.
    public static func check(_ current: ImportPlan, against saved: ImportPlan?) throws {
        try ImportApplier.check(current, against: saved)
    }
}
