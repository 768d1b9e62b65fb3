import ArgumentParser
import RLCMClient
import RLCMKit

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a package into a project: all of it or nothing, re-releasing its custom connectors.",
        discussion: """
            Examples:
              $ rlcm import --plan plan.json -C production
              $ rlcm -C production import order-sync.zip --into "Order Sync" --dry-run
              $ rlcm import --plan plan.json --remote production
            """)

    @Argument(help: "The package to import (not needed with --plan).")
    var package: String?

    @Option(help: "The target project (a top-level folder of the workspace).")
    var into: String?

    @Option(help: "Apply a plan saved by 'rlcm plan --out', refusing if anything it depends on changed.")
    var plan: String?

    @OptionGroup var flags: ImportFlags

    @Flag(name: .customLong("dry-run"), help: "Only show the plan.")
    var dryRun = false

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        if plan == nil && (package == nil || into == nil) { throw ValidationError("give PACKAGE and --into PROJECT, or --plan FILE") }
        if plan != nil && (package != nil || into != nil) { throw ValidationError("--plan takes the package and project from the saved plan; do not give them again") }
        if remote.remote != nil && flags.strict && plan == nil {
            throw ValidationError("with --remote, --strict is a rule of the plan: make one with 'rlcm plan --strict --remote NAME --out FILE' and import it with --plan")
        }
    }

    func run() throws {
        let saved = try plan.map { try ImportPlan(savedAt: $0) }
        let file = saved?.package ?? package!
        let options = saved.map { ImportOptions(project: $0.project, restartRecipes: $0.restartRecipes, strict: $0.strict) }
            ?? flags.options(into: into!)
        if let remote = try remote.workspace(besides: workspace) {
            if dryRun { return try format.emit(plan: try remote.plan(file, options, progress: TerminalProgress.forStandardError())) }
            return try format.emit(try remote.importPackage(file, project: options.project, restartRecipes: options.restartRecipes,
                                                            saved: saved.map { ($0, plan!) }, progress: TerminalProgress.forStandardError()))
        }
        if let target = saved?.target { throw RemoteError.remotePlanForLocal(plan: plan!, remote: target.remote) }
        if dryRun {
            try format.emit(plan: try workspace.plan(file, options))
            return
        }
        try format.emit(try workspace.withSession("import") {
            try $0.importPackage(file, options, saved: saved, progress: $0.environment.progress)
        })
    }
}
