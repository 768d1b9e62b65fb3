import ArgumentParser
import RLCMKit

/// A workspace folder as the target of `plan`, `values`, `import`, `export`, `history` and `drift`: each call holds
/// the workspace lock for its own work, on a thread of its own (`offload`).
struct LocalWorkspace: RenderedTarget {
    let workspace: WorkspaceOptions

    func plan(package: String, _ options: ImportOptions) async throws -> ImportPlan {
        try await workspace.session("plan", handlesZip: true) { try $0.plan(package: package, options) }
    }

    func valuesTemplate(package: String, _ options: ImportOptions) async throws -> ValuesTemplate {
        try await workspace.session("values", handlesZip: true) { try $0.valuesTemplate(package: package, options) }
    }

    func importPackage(_ package: String, _ options: ImportOptions, saved: SavedPlan?) async throws -> ImportResult {
        if let saved, let target = saved.plan.target { throw ImportError.remotePlanForLocal(plan: saved.file, remote: target.remote) }
        return try await workspace.session("import", handlesZip: true) { try $0.importPackage(package, options, saved: saved?.plan) }
    }

    func export(folder: String, to output: String, allowUnresolved: Bool) async throws -> ExportReport {
        try await workspace.session("export", handlesZip: true) { try $0.export(folder: folder, to: output, allowUnresolved: allowUnresolved) }
    }

    func history() async throws -> HistoryReport {
        try await workspace.session("history") { try $0.history() }
    }

    func drift(project: String?) async throws -> DriftReport {
        try await workspace.session("drift") { try $0.drift(project: project) }
    }
}

/// A target whose reports the executable can print as text: every target, as the compiler checks.
package protocol RenderedTarget: WorkspaceTarget where Imported: TextRendering, Exported: TextRendering {}

extension RemoteOptions {
    /// The one target the command works on: the remote workspace `--remote NAME` (which the
    /// remote stack reaches), else the workspace folder `-C DIR` (or the nearest enclosing one).
    func target(besides local: WorkspaceOptions) throws -> any RenderedTarget {
        guard let remote else { return LocalWorkspace(workspace: local) }
        if local.workspace != nil { throw ValidationError("-C names a local workspace and --remote a remote one: give one of them") }
        return try RemoteStacks.current.workspace(named: remote, self, besides: local)
    }
}
