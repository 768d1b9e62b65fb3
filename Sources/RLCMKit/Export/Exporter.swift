import Foundation

/// Writes packages: a folder of a workspace, everything it depends on, and every custom connector
/// it uses at its released version, as a deterministic zip that Workato would import.
public struct Exporter {
    public let session: WorkspaceSession
    public var progress: (any ProgressSink)?

    public init(session: WorkspaceSession, progress: (any ProgressSink)? = nil) {
        self.session = session
        self.progress = progress
    }

    /// Keys a connection file may carry into a package; anything else may be a credential.
    static let connectionKeys: Set<String> = ["name", "provider", "root_folder"]

    /// The selection for `folder`, or for what an edited manifest keeps of it.
    public func selection(folder: String? = nil, manifestFile: String? = nil) throws -> ExportSelection {
        let resolver = try WorkspaceResolver(workspace: session.workspace, connectors: try session.connectors.all())
        if let manifestFile {
            let manifest = try ExportManifest.read(manifestFile)
            let selection: ExportSelection
            do {
                selection = try resolver.selection(folder: manifest.folder)
            } catch ExportError.folderNotFound(let folder) {
                throw ExportError.manifestAssetMissing(manifest: manifestFile, jsonPath: "$.folder", path: folder)
            }
            return try manifest.apply(to: selection, manifestFile: manifestFile, workspace: session.workspace)
        }
        return try resolver.selection(folder: folder ?? "")
    }

    /// Writes the package for `selection` to `output` (replacing it only when everything succeeded).
    public func export(_ selection: ExportSelection, to output: String, allowUnresolved: Bool) throws -> ExportReport {
        if !selection.unresolved.isEmpty && !allowUnresolved { throw ExportError.unresolvedReferences(selection.unresolved) }
        // A package written inside the exported folder is never packed into the next one.
        var selection = selection
        let outputPath = Workspace.absolute(output)
        selection.files.removeAll { session.workspace.path($0.path) == outputPath }
        let store = session.connectors
        var entries: [(zipName: String, content: Content)] = []
        var notes: [String] = []
        var packed: [ExportReport.PackedConnector] = []

        for file in selection.files {
            if file.type == AssetType.connection, let stripped = try strippedConnection(file.path) {
                entries.append((file.zipName, .bytes(stripped.bytes)))
                notes.append("'\(file.path)': left out \(stripped.removed.map { "'\($0)'" }.joined(separator: ", ")) (connections never carry credentials)")
            } else {
                entries.append((file.zipName, .file(session.workspace.path(file.path))))
            }
        }
        for use in selection.connectors {
            let connector = try store.connector(titled: use.title)
            guard let released = connector.released else {
                throw ExportError.connectorNotReleased(connector: use.title, usedBy: use.usedBy.isEmpty ? ["the manifest"] : use.usedBy)
            }
            var metadata = JSONObject()
            metadata["title"] = .string(connector.title)
            metadata["description"] = connector.description.map(JSONValue.string) ?? .null
            metadata["logo_file_name"] = connector.logoFileName.map(JSONValue.string) ?? .null
            metadata["logo_content_type"] = connector.logoContentType.map(JSONValue.string) ?? .null
            metadata["version_no"] = .number(String(released.versionNo))
            metadata["note"] = released.note.map(JSONValue.string) ?? .null
            if let origin = connector.installedFrom, origin.visibility == .closed {
                // Closed source: the package names the library connector; its code never leaves the library.
                metadata["closed_source"] = .bool(true)
                metadata["library_uid"] = .string(origin.libraryUID)
                notes.append("custom connector '\(connector.title)' is closed source: the package carries a reference to library connector \(origin.libraryUID) version \(origin.versionNo), not its code")
            } else {
                entries.append(("\(use.zipBase).\(AssetType.customAdapter).rb", .bytes(try store.code(of: connector, version: released.versionNo))))
            }
            entries.append((use.zipName, .bytes(JSONWriter.pretty(.object(metadata)) + [0x0A])))
            if let logo = try store.logo(of: connector) {
                let ext = (connector.logoFileName.map { ($0 as NSString).pathExtension.lowercased() }).flatMap { $0.isEmpty ? nil : $0 } ?? "png"
                entries.append(("\(use.zipBase).\(AssetType.customAdapter).\(ext)", .bytes(logo)))
            }
            packed.append(ExportReport.PackedConnector(title: connector.title, versionNo: released.versionNo, note: released.note,
                                                       zipName: use.zipName, usedBy: use.usedBy))
        }

        entries.sort { Array($0.zipName.utf8).lexicographicallyPrecedes(Array($1.zipName.utf8)) }
        var seen: [String: String] = [:]
        for entry in entries {
            if let previous = seen.updateValue(entry.zipName, forKey: entry.zipName.lowercased()) {
                // Name what collides: workspace files with that entry name, and connectors whose trio has it.
                let key = entry.zipName.lowercased()
                let files = selection.files.filter { $0.zipName.lowercased() == key }.map { "'\($0.path)'" }
                let base = AssetType.of(entry.zipName) == AssetType.customAdapter ? AssetType.connectorBase(key) : nil
                let connectors = selection.connectors.filter { base != nil && $0.zipBase.lowercased() == base }.map(\.title)
                if files.isEmpty { throw ExportError.connectorPathConflict(zipName: entry.zipName, connectors: connectors) }
                throw ExportError.entryNameConflict(zipNames: Array(Set([previous, entry.zipName])).sorted(),
                                                    sources: files + connectors.map { "custom connector '\($0)'" })
            }
        }
        let writer = try ZipWriter(destination: output)
        for (done, entry) in entries.enumerated() {
            progress?.update("writing package", done: done + 1, total: entries.count)
            switch entry.content {
            case .bytes(let bytes): try writer.addFile(path: entry.zipName, contents: bytes)
            case .file(let path): try writer.addFile(path: entry.zipName, copying: path)
            }
        }
        try writer.commit()

        return ExportReport(package: output, sha256: try Hashing.sha256(ofFile: output), project: selection.project, folder: selection.folder,
                            assets: selection.files.map { .init(type: $0.type ?? "file", path: $0.path, zipName: $0.zipName, dependency: $0.dependency) },
                            connectors: packed, unresolved: selection.unresolved, notes: notes)
    }

    enum Content {
        case file(String)
        case bytes([UInt8])
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
