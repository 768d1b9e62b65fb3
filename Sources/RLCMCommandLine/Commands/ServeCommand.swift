import ArgumentParser

package struct ServeCommand: AsyncParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the workspace through the platform's Developer API, so the platform's own clients work against it.",
        discussion: """
            The first line on stdout ends with the base URL. Every request needs a token made with \
            'rlcm token create'. SIGINT or SIGTERM stop the server: running jobs finish, queued ones \
            are recorded as interrupted.

            Examples:
              $ rlcm serve -C production --port 0
              $ rlcm serve --host 0.0.0.0 --tls-cert cert.pem --tls-key key.pem
            """)

    @Option(help: "The address to listen on; plain HTTP only on loopback unless --insecure-http.")
    package var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    package var port = 8080

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("A PEM certificate chain: serve HTTPS.", valueName: "FILE"))
    package var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "FILE"))
    package var tlsKey: String?

    @Flag(name: .customLong("insecure-http"), help: "Allow plain HTTP on an address that is not loopback (tokens cross the network in clear).")
    package var insecureHTTP = false

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Seconds a connection may send nothing before it is closed.", valueName: "SECONDS"))
    package var idleTimeout: Double = 30

    @OptionGroup package var workspace: WorkspaceOptions

    package func run() async throws { try await RemoteStacks.current.run(self) }
}
