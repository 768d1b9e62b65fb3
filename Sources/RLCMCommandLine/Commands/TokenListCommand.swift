import ArgumentParser

package struct TokenListCommand: ParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the API tokens by name (never the tokens themselves).",
        discussion: """
            Example:
              $ rlcm token list -C production --json
            """)

    @OptionGroup package var workspace: WorkspaceOptions
    @OptionGroup package var format: OutputOptions

    package func run() throws { try RemoteStacks.current.run(self) }
}
