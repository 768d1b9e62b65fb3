import ArgumentParser

package struct RemoteRemoveCommand: ParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Forget a remote workspace (nothing on the remote changes).",
        discussion: """
            Example:
              $ rlcm remote remove staging
            """)

    @Argument(help: "The remote's name.")
    package var name: String

    @OptionGroup package var format: OutputOptions

    package func run() throws { try RemoteStacks.current.run(self) }
}
