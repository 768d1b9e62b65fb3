import ArgumentParser
import RLCMKit

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List the imports into this workspace.",
        discussion: """
            Examples:
              $ rlcm history -C production
              $ rlcm -C production history --json
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var format: OutputOptions

    func run() async throws {
        try format.emit(try await remote.target(besides: workspace).history())
    }
}
