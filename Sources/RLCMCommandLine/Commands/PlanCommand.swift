import ArgumentParser
import RLCMKit

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what importing a package would do, and which target recipes it would touch; writes nothing.",
        discussion: """
            Example:
              $ rlcm plan order-sync.zip --into "Order Sync" -C production --out plan.json
              $ rlcm plan order-sync.zip --into "Order Sync" --remote prod --out plan.json
            """)

    @Argument(help: "The package to plan.")
    var package: String

    @Option(help: "The target project (a top-level folder of the workspace; created by the import if missing).")
    var into: String

    @Option(help: "Save the plan to FILE, for 'rlcm import --plan FILE'.")
    var out: String?

    @OptionGroup var flags: ImportFlags

    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 0 when the import changes nothing, 2 when it changes something, 1 on error.")
    var detailedExitcode = false

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        try flags.checkLocal(remote)
    }

    func run() async throws {
        let plan = try await remote.target(besides: workspace).plan(package: package, try flags.options(into: into))
        if let out { try plan.save(to: out) }
        try format.emit(plan: plan)
        if detailedExitcode && plan.hasChanges { throw ExitCode(2) }
    }
}
