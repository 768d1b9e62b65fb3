import Foundation
import RLCMFormat

/// Writes packages: a folder of a workspace, everything it depends on, and every custom connector
/// it uses at its released version, as a deterministic zip that Workato would import.
struct Exporter {
    let session: WorkspaceSession

    /// Keys a connection file may carry into a package, those real exports carry; anything else
    /// may be a credential and is left out.
    static let connectionKeys: Set<String> = ["name", "description", "provider", "root_folder", "secure_gateway_tunnel_name", "tags", "personalization"]

    /// The selection for `folder`, or for what an edited manifest keeps of it.
    func selection(folder: String? = nil, manifestFile: String? = nil) throws -> ExportSelection {
        if let manifestFile { return try selection(manifest: try ExportManifest.read(manifestFile), source: manifestFile) }
        let resolver = try ExportResolver(workspace: session.workspace, connectors: try session.connectors.all())
        return try resolver.selection(folder: folder ?? "")
    }

    /// The selection of `manifest`'s folder as the manifest narrows it; `source` names where the
    /// manifest came from in errors (its file, or an API's manifest).
    func selection(manifest: ExportManifest, source: String) throws -> ExportSelection {
        let resolver = try ExportResolver(workspace: session.workspace, connectors: try session.connectors.all())
        let selection: ExportSelection
        do {
            selection = try resolver.selection(folder: manifest.folder)
        } catch ExportError.folderNotFound(let folder, _) {
            throw ExportError.manifestAssetMissing(manifest: source, jsonPath: "$.folder", path: folder)
        }
        return try manifest.apply(to: selection, manifestFile: source, workspace: session.workspace)
    }

    /// Writes the package of `folder` to `output` (replacing it only when everything succeeded).
    /// The folder's own files are packed while the references that lead to the rest are read on
    /// another core: reading every asset costs nearly as much as deflating it, and only the
    /// dependencies and connectors, which come last in the package, wait for it.
    func export(folder: String, to output: String, allowUnresolved: Bool) throws -> ExportReport {
        let workspace = session.workspace
        let connectors = try session.connectors.all()
        let resolver = try ExportResolver(workspace: workspace, connectors: connectors)
        let (folder, project) = try resolver.exportable(folder: folder)
        let outputPath = Workspace.absolute(output)
        let roots = try resolver.roots(folder: folder).filter { workspace.path($0) != outputPath }.map {
            ExportSelection.File(path: $0, zipName: ExportResolver.zipName(of: $0, project: project), type: AssetType.of($0),
                                 name: nil, dependency: false)
        }
        try Self.checkNames(roots.map(\.zipName), files: roots, connectors: [])
        let package = try PackageBuilder(exporter: self, output: output)
        let selection = Pending { try ExportResolver(workspace: workspace, connectors: connectors).selection(folder: folder, sparingOneCore: true) }
        let packed = Result { try package.add(roots) }
        let selected = try selection.value()  // its errors (a broken asset, say) come before the writer's
        try packed.get()
        return try package.finish(selected, allowUnresolved: allowUnresolved)
    }

    /// Writes the package for `selection` (what an export manifest checks) to `output`.
    func export(_ selection: ExportSelection, to output: String, allowUnresolved: Bool) throws -> ExportReport {
        try PackageBuilder(exporter: self, output: output).finish(selection, allowUnresolved: allowUnresolved)
    }

    /// A package being written: the exported folder's files first, then its dependencies, then the
    /// connector trios, each part in entry-name order.
    private final class PackageBuilder {
        let exporter: Exporter
        let output: String
        let writer: ZipWriter
        var written: Set<String> = []
        var notes: [String] = []

        init(exporter: Exporter, output: String) throws {
            self.exporter = exporter
            self.output = output
            writer = try ZipWriter(destination: output)
        }

        func add(_ files: [ExportSelection.File], total: Int? = nil) throws {
            for file in files.sorted(by: { Exporter.precedes($0.zipName, $1.zipName) }) where !written.contains(file.path) {
                exporter.session.environment.progress?.update("writing package", done: written.count + 1, total: total ?? files.count)
                if file.type == AssetType.connection, let stripped = try exporter.strippedConnection(file.path) {
                    try writer.addFile(path: file.zipName, contents: stripped.bytes)
                    notes.append("'\(file.path)': left out \(stripped.removed.map { "'\($0)'" }.joined(separator: ", ")) (connections never carry credentials)")
                } else if let type = file.type, let nulled = try exporter.nulledProperties(file.path, type: type) {
                    try writer.addFile(path: file.zipName, contents: nulled)
                } else {
                    try writer.addFile(path: file.zipName, copying: exporter.session.workspace.path(file.path))
                }
                written.insert(file.path)
            }
        }

        func finish(_ selection: ExportSelection, allowUnresolved: Bool) throws -> ExportReport {
            if !selection.unresolved.isEmpty && !allowUnresolved { throw ExportError.unresolvedReferences(selection.unresolved) }
            var selection = selection
            let outputPath = Workspace.absolute(output)
            selection.files.removeAll { exporter.session.workspace.path($0.path) == outputPath }
            let (trios, packed, connectorNotes) = try exporter.connectorEntries(selection)
            try Exporter.checkNames(selection.files.map(\.zipName) + trios.map(\.zipName), files: selection.files,
                                    connectors: selection.connectors)
            let total = selection.files.count + trios.count
            try add(selection.files.filter { !$0.dependency }, total: total)
            try add(selection.files.filter(\.dependency), total: total)
            for (index, entry) in trios.sorted(by: { Exporter.precedes($0.zipName, $1.zipName) }).enumerated() {
                exporter.session.environment.progress?.update("writing package", done: selection.files.count + index + 1, total: total)
                try writer.addFile(path: entry.zipName, contents: entry.bytes)
            }
            try writer.commit()
            notes += selection.leftOut.filter { exporter.session.workspace.path($0) != outputPath }
                .map { "'\($0)': left out (a zip archive, not an asset: a package never carries another package)" }
            let sortedNotes = notes.sorted() + connectorNotes
            return ExportReport(package: output, sha256: try Hashing.sha256(ofFile: output), project: selection.project, folder: selection.folder,
                                assets: selection.files.map { .init(type: $0.type ?? .file, path: $0.path, zipName: $0.zipName, dependency: $0.dependency) },
                                connectors: packed, unresolved: selection.unresolved, excluded: selection.excluded, notes: sortedNotes)
        }
    }

    static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// The entries of the custom connectors `selection` uses, each at its released version.
    private func connectorEntries(_ selection: ExportSelection) throws
        -> (entries: [(zipName: String, bytes: [UInt8])], packed: [ExportReport.PackedConnector], notes: [String]) {
        let store = session.connectors
        var entries: [(zipName: String, bytes: [UInt8])] = []
        var notes: [String] = []
        var packed: [ExportReport.PackedConnector] = []
        for use in selection.connectors {
            let connector = try store.connector(titled: use.title)
            guard let released = connector.released else {
                throw ExportError.connectorNotReleased(connector: use.title, usedBy: use.usedBy.isEmpty ? ["the manifest"] : use.usedBy)
            }
            if let origin = connector.installedFrom, origin.visibility == .closed {
                // Closed source: the package names the library connector; its code never leaves the library.
                notes.append("custom connector '\(connector.title)' is closed source: the package carries a reference to library connector \(origin.libraryUID) version \(origin.versionNo), not its code")
            } else {
                entries.append(("\(use.zipBase).\(AssetType.customAdapter).rb", try store.code(of: connector, version: released.versionNo)))
            }
            entries.append((use.zipName, try metadata(of: connector, version: released)))
            if let logo = try store.logo(of: connector) {
                let ext = connector.logoExtension
                    ?? (connector.logoFileName.map { ($0 as NSString).pathExtension.lowercased() }).flatMap { $0.isEmpty ? nil : $0 } ?? "png"
                entries.append(("\(use.zipBase).\(AssetType.customAdapter).\(ext)", logo))
            }
            packed.append(ExportReport.PackedConnector(title: connector.title, versionNo: released.versionNo, note: released.note,
                                                       zipName: use.zipName, usedBy: use.usedBy))
        }
        return (entries, packed, notes)
    }

    /// The `.custom_adapter.json` of a connector's version. A version a package brought gives back
    /// that package's file, `version_no` rewritten to this workspace's number, while it still
    /// says what the store says of the connector; any other is written from the store.
    private func metadata(of connector: Connector, version: ConnectorVersion) throws -> [UInt8] {
        var fresh = JSONObject()
        fresh["title"] = .string(connector.title)
        fresh["description"] = connector.description.map(JSONValue.string) ?? .null
        fresh["logo_file_name"] = connector.logoFileName.map(JSONValue.string) ?? .null
        fresh["logo_content_type"] = connector.logoContentType.map(JSONValue.string) ?? .null
        fresh["version_no"] = .number(String(version.versionNo))
        fresh["note"] = version.note.map(JSONValue.string) ?? .null
        if let origin = connector.installedFrom, origin.visibility == .closed {
            fresh["closed_source"] = .bool(true)
            fresh["library_uid"] = .string(origin.libraryUID)
        } else if let kept = try session.connectors.packageMetadata(of: connector, version: version.versionNo) {
            let file = "\(ConnectorStore.folder)/\(connector.id)/v\(version.versionNo).json"
            if case .object(let stored) = try JSONParser.parse(kept, file: file),
               fresh.members.allSatisfy({ $0.key == "version_no" || stored[$0.key] == $0.value }),
               let bytes = try JSONEdit.replacingRootNumber("version_no", with: version.versionNo, in: kept, file: file) {
                return bytes
            }
        }
        return JSONWriter.pretty(.object(fresh)) + [0x0A]
    }

    /// Refuses entry names that would be the same file in the package, naming what they come from.
    private static func checkNames(_ zipNames: [String], files: [ExportSelection.File],
                                   connectors: [ExportSelection.ConnectorUse]) throws {
        var seen: [String: String] = [:]
        for zipName in zipNames.sorted(by: precedes) {
            // Names that differ only in letter case come from a file system that kept them apart,
            // and stay apart in the package, as the platform keeps them.
            if let previous = seen.updateValue(zipName, forKey: zipName) {
                // Name what collides: workspace files with that entry name, and connectors whose trio has it.
                let files = files.filter { $0.zipName == zipName }.map { "'\($0.path)'" }
                let base = AssetType.of(zipName) == AssetType.customAdapter ? AssetType.connectorBase(zipName) : nil
                let connectors = connectors.filter { base != nil && $0.zipBase == base }.map(\.title)
                if files.isEmpty { throw ExportError.connectorPathConflict(zipName: zipName, connectors: connectors) }
                throw ExportError.entryNameConflict(zipNames: Array(Set([previous, zipName])).sorted(),
                                                    sources: files + connectors.map { "custom connector '\($0)'" })
            }
        }
    }

    /// The property file (`AssetType.propertyFiles`) with every value `null`, or nil when it is not
    /// a property file or its values are all `null` already (it then travels byte for byte, as the
    /// platform wrote it). Values belong to their environment: a package carries only the names,
    /// as the platform's exports do; the workspace's file is left as it is.
    private func nulledProperties(_ path: String, type: AssetType) throws -> [UInt8]? {
        guard let kind = AssetType.propertyFiles[type] else { return nil }
        let root = try JSONParser.parse(try FileSystem.read(session.workspace.path(path)), file: path)
        let names = try PropertyFile.properties(of: root, kind: kind, file: path)
        guard names.values.contains(where: { !$0.isNull }), case .object(let document) = root else { return nil }
        return PropertyFile.encode(JSONObject(names.keys.map { ($0, JSONValue.null) }), kind: kind, in: document)
    }

    /// The connection without credential fields, or nil when it has none (it then travels byte for byte).
    private func strippedConnection(_ path: String) throws -> (bytes: [UInt8], removed: [String])? {
        let document = try JSONParser.parse(try FileSystem.read(session.workspace.path(path)), file: path)
        guard case .object(let object) = document else { return nil }
        let removed = object.keys.filter { !Exporter.connectionKeys.contains($0) }
        guard !removed.isEmpty else { return nil }
        var kept = object
        for key in removed { kept[key] = nil }
        return (JSONWriter.pretty(.object(kept)) + [0x0A], removed)
    }
}
