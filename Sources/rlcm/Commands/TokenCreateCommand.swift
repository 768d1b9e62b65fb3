import ArgumentParser
import RLCMKit
import RLCMServer

struct TokenCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API token and print it, this once.",
        discussion: """
            Examples:
              $ rlcm token create ci -C production
              $ rlcm token create ci --json | jq -r .token
            """)

    @Argument(help: "A name for the token (letters, digits, '.', '_', '-'), to list and revoke it by.")
    var name: String

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        let located = try workspace.located()
        try located.ensureIgnoredState()
        try format.emit(try ServerStore(workspaceRoot: located.root, clock: workspace.environment.clock).createToken(name: name))
    }
}
