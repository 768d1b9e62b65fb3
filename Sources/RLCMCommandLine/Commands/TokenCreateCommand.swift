import ArgumentParser

package struct TokenCreateCommand: ParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API token and print it, this once.",
        discussion: """
            Examples:
              $ rlcm token create ci -C production
              $ rlcm token create ci --json | jq -r .token
            """)

    @Argument(help: "A name for the token (letters, digits, '.', '_', '-'), to list and revoke it by.")
    package var name: String

    @OptionGroup package var workspace: WorkspaceOptions
    @OptionGroup package var format: OutputOptions

    package func run() throws { try RemoteStacks.current.run(self) }
}
