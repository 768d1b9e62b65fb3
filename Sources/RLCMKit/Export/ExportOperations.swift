import RLCMFormat

/// `rlcm export` and `rlcm manifest`, and an API's export: what a workspace packs and the package
/// itself. Services are verbs on the session they work on, one extension per domain.
extension WorkspaceSession {
    /// What an export of `folder` packs, or what the manifest in `manifestFile` keeps of it.
    public func exportSelection(folder: String? = nil, manifestFile: String? = nil) throws -> ExportSelection {
        try Exporter(session: self).selection(folder: folder, manifestFile: manifestFile)
    }

    /// What `manifest` keeps of its folder; `source` names where it came from in errors.
    public func exportSelection(manifest: ExportManifest, source: String) throws -> ExportSelection {
        try Exporter(session: self).selection(manifest: manifest, source: source)
    }

    /// Writes the package of `folder` to `output`, replacing it only when everything succeeded.
    public func export(folder: String, to output: String, allowUnresolved: Bool) throws -> ExportReport {
        try Exporter(session: self).export(folder: folder, to: output, allowUnresolved: allowUnresolved)
    }

    /// Writes the package of `selection` (what an export manifest keeps) to `output`.
    public func export(_ selection: ExportSelection, to output: String, allowUnresolved: Bool) throws -> ExportReport {
        try Exporter(session: self).export(selection, to: output, allowUnresolved: allowUnresolved)
    }
}
