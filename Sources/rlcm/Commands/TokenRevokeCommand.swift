import ArgumentParser
import RLCMKit
import RLCMServer

struct TokenRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke an API token: requests with it get 401 from then on, also on a running server.",
        discussion: """
            Example:
              $ rlcm token revoke ci -C production
            """)

    @Argument(help: "The token's name.")
    var name: String

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try ServerStore(workspaceRoot: try workspace.located().root, clock: workspace.environment.clock).revokeToken(name: name))
    }
}
