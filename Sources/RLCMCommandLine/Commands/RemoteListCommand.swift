import ArgumentParser

package struct RemoteListCommand: ParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the remote workspaces by name and URL.",
        discussion: """
            Example:
              $ rlcm remote list --json
            """)

    @OptionGroup package var format: OutputOptions

    package func run() throws { try RemoteStacks.current.run(self) }
}
