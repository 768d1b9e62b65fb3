import ArgumentParser
import Foundation
import RLCMKit
import RLCMServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
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
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8080

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("A PEM certificate chain: serve HTTPS.", valueName: "FILE"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "FILE"))
    var tlsKey: String?

    @Flag(name: .customLong("insecure-http"), help: "Allow plain HTTP on an address that is not loopback (tokens cross the network in clear).")
    var insecureHTTP = false

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Seconds a connection may send nothing before it is closed.", valueName: "SECONDS"))
    var idleTimeout: Double = 30

    @OptionGroup var workspace: WorkspaceOptions

    func run() async throws {
        var configuration = ServeConfiguration(workspaceRoot: try workspace.located().root)
        configuration.host = host
        configuration.port = port
        configuration.tlsCertificate = tlsCertificate
        configuration.tlsKey = tlsKey
        configuration.insecureHTTP = insecureHTTP
        configuration.limits.idleTimeout = idleTimeout
        // The server's stderr is its access log: its jobs draw no progress there.
        var environment = workspace.environment
        environment.progress = nil
        try await serve(configuration, environment: environment) { line in
            print(line)
            fflush(nil)
        }
    }
}
