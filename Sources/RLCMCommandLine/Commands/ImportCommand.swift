import ArgumentParser
import RLCMKit

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a package into a project: all of it or nothing, re-releasing its custom connectors.",
        discussion: """
            Examples:
              $ rlcm import --plan plan.json -C production
              $ rlcm import --plan plan.json --package copy.zip -C production
              $ rlcm -C production import order-sync.zip --into "Order Sync" --dry-run
              $ rlcm import --plan plan.json --remote production
            """)

    @Argument(help: "The package to import (not needed with --plan).")
    var package: String?

    @Option(help: "The target project (a top-level folder of the workspace).")
    var into: String?

    @Option(help: "Apply a plan saved by 'rlcm plan --out', refusing if anything it depends on changed.")
    var plan: String?

    @Option(name: .customLong("package"),
            help: ArgumentHelp("With --plan: the package to import, a copy of the one planned perhaps (checked by SHA-256); by default the plan finds it.", valueName: "FILE"))
    var packageCopy: String?

    @OptionGroup var flags: ImportFlags

    @Flag(name: .customLong("dry-run"), help: "Only show the plan.")
    var dryRun = false

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        try flags.checkLocal(remote)
        if plan == nil && (package == nil || into == nil) { throw ValidationError("give PACKAGE and --into PROJECT, or --plan FILE") }
        if plan != nil && (package != nil || into != nil) {
            throw ValidationError("--plan takes the package and project from the saved plan; do not give them again (--package FILE names a copy of the package)")
        }
        if plan == nil && packageCopy != nil { throw ValidationError("--package FILE is for --plan; give the package as the first argument") }
        if remote.remote != nil && flags.strict && plan == nil {
            throw ValidationError("with --remote, --strict is a rule of the plan: make one with 'rlcm plan --strict --remote NAME --out FILE' and import it with --plan")
        }
    }

    func run() async throws {
        let saved = try plan.map { try SavedPlan(file: $0) }
        let file = try saved?.package(given: packageCopy) ?? package!
        var options = try saved?.options ?? flags.options(into: into!)
        options.values = try flags.readValues()
        options.diffs = flags.diff
        let target = try remote.target(besides: workspace)
        if dryRun { return try format.emit(plan: try await target.plan(package: file, options)) }
        try format.emit(try await target.importPackage(file, options, saved: saved))
    }
}
