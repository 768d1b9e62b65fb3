/// `rlcm manifest`: resolves a folder and writes the manifest a person can edit.
public struct ExportManifestWriter {
    public let session: WorkspaceSession

    public init(session: WorkspaceSession) { self.session = session }

    public func manifest(folder: String) throws -> ExportManifest {
        ExportManifest(selection: try Exporter(session: session).selection(folder: folder))
    }

    /// Writes to `file` atomically, or to stdout when `file` is nil.
    public static func write(_ manifest: ExportManifest, to file: String?) throws {
        let bytes = try StateCoding.encode(manifest)
        if let file {
            try FileSystem.replace(Workspace.absolute(file), with: bytes)
        } else {
            print(String(decoding: bytes, as: UTF8.self), terminator: "")
        }
    }
}
