import ArgumentParser

package struct RemoteAddCommand: ParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Name a remote workspace by its base URL or data center (us, eu, jp, sg, au, il).",
        discussion: """
            https:// is required, except for loopback addresses (127.0.0.0/8, ::1, localhost).
            Examples:
              $ rlcm remote add production eu
              $ rlcm remote add local http://127.0.0.1:8080
            """)

    @Argument(help: "The remote's name.")
    package var name: String

    @Argument(help: "Its base URL (https://HOST[:PORT]) or a data center: us, eu, jp, sg, au, il.")
    package var url: String

    @OptionGroup package var format: OutputOptions

    package func run() throws { try RemoteStacks.current.run(self) }
}
