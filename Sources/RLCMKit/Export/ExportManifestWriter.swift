import RLCMFormat
/// `rlcm manifest`: resolves a folder and writes the manifest a person can edit.
public struct ExportManifestWriter {
    public let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    public func manifest(folder: String) throws -> ExportManifest {
        ExportManifest(selection: try session.exportSelection(folder: folder))
    }

    /// Writes the manifest to `file` atomically.
    public static func write(_ manifest: ExportManifest, to file: String) throws -> ManifestReport {
        try FileSystem.replace(Workspace.absolute(file), with: try StateCoding.encode(manifest))
        return ManifestReport(manifest: file, folder: manifest.folder, assets: manifest.assets.count)
    }
}

/// What `rlcm manifest -o FILE` wrote.
public struct ManifestReport: Report {
    public var formatVersion = outputFormatVersion
    public var manifest: String
    public var folder: String
    public var assets: Int
    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", manifest, folder, assets }
}
