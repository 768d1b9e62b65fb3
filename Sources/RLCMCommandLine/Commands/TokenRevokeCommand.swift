import ArgumentParser

package struct TokenRevokeCommand: ParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke an API token: requests with it get 401 from then on, also on a running server.",
        discussion: """
            Example:
              $ rlcm token revoke ci -C production
            """)

    @Argument(help: "The token's name.")
    package var name: String

    @OptionGroup package var workspace: WorkspaceOptions
    @OptionGroup package var format: OutputOptions

    package func run() throws { try RemoteStacks.current.run(self) }
}
