import ArgumentParser
import RLCMKit

struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Show what changed in the workspace since the imports that wrote it: files and connector releases.",
        discussion: """
            Compares each project with what the last import or rollback that wrote it left: files edited, removed \
            or added since, and connectors whose released version is no longer the one it released.
            Examples:
              $ rlcm drift -C production
              $ rlcm drift "Order Sync" -C production --json --detailed-exitcode
              $ rlcm drift --remote production
            """)

    @Argument(help: "The project to check (default: every project an import wrote).")
    var project: String?

    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 0 when nothing drifted, 2 when something did, 1 on error.")
    var detailedExitcode = false

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var format: OutputOptions

    func run() async throws {
        let report = try await remote.target(besides: workspace).drift(project: project)
        try format.emit(report)
        if detailedExitcode && report.drifted { throw ExitCode(2) }
    }
}
