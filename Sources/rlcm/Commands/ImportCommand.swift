import ArgumentParser
import RLCMKit

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a package into a project: all of it or nothing, re-releasing its custom connectors.",
        discussion: """
            Examples:
              $ rlcm import --plan plan.json -C production
              $ rlcm -C production import order-sync.zip --into "Order Sync" --dry-run
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
    @OptionGroup var format: OutputOptions

    func validate() throws {
        if plan == nil && (package == nil || into == nil) { throw ValidationError("give PACKAGE and --into PROJECT, or --plan FILE") }
        if plan != nil && (package != nil || into != nil) { throw ValidationError("--plan takes the package and project from the saved plan; do not give them again") }
    }

    func run() throws {
        let saved = try plan.map { try ImportPlan(savedAt: $0) }
        let file = saved?.package ?? package!
        let options = saved.map { ImportOptions(project: $0.project, restartRecipes: $0.restartRecipes, strict: $0.strict) }
            ?? flags.options(into: into!)
        if dryRun {
            try format.emit(plan: try workspace.plan(file, options))
            return
        }
        try format.emit(try workspace.withSession("import") {
            try $0.importPackage(file, options, saved: saved, progress: TerminalProgress.forStandardError())
        })
    }
}
