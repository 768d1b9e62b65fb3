/// Where `rlcm plan`, `values`, `import`, `export`, `history` and `drift` work: a workspace folder, or a workspace
/// reached through the Developer API. A command resolves its target once from its options and
/// calls it without asking which kind it is; each kind keeps its own report of an import and an
/// export (a folder's import lists every file, a remote's what the platform's job answered).
/// Progress goes where the target's `RunEnvironment` says.
public protocol WorkspaceTarget: Sendable {
    associatedtype Imported: Report
    associatedtype Exported: Report

    /// What importing `package` would do; changes nothing.
    func plan(package: String, _ options: ImportOptions) async throws -> ImportPlan

    /// The values file `rlcm values` writes for importing `package` as `options` say: every
    /// property and connection it needs, with what the target has for each.
    func valuesTemplate(package: String, _ options: ImportOptions) async throws -> ValuesTemplate

    /// Imports `package`, all of it or nothing. With `saved`, first plans again and refuses when
    /// anything the saved plan depends on changed (or when it was made against another target).
    func importPackage(_ package: String, _ options: ImportOptions, saved: SavedPlan?) async throws -> Imported

    /// Packs `folder` into the package `output`, replacing it only when everything succeeded.
    func export(folder: String, to output: String, allowUnresolved: Bool) async throws -> Exported

    /// The imports recorded in the target, oldest first.
    func history() async throws -> HistoryReport

    /// What changed in `project` (or every project an import wrote) since the imports that wrote it.
    func drift(project: String?) async throws -> DriftReport
}
