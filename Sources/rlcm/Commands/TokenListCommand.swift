import ArgumentParser
import RLCMKit
import RLCMServer

struct TokenListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the API tokens by name (never the tokens themselves).",
        discussion: """
            Example:
              $ rlcm token list -C production --json
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try ServerStore(workspaceRoot: try workspace.located().root, clock: workspace.environment.clock).listTokens())
    }
}
