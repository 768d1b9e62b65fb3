import Foundation
import RLCMClient
import RLCMCommandLine
import RLCMKit
import RLCMServer

/// The remote stack that is linked in: the server of `rlcm serve` and its token store, and the
/// Developer API client of `--remote NAME` with its remotes file.
struct LinkedRemoteStack: RemoteStack {
    func workspace(named name: String, _ options: RemoteOptions, besides local: WorkspaceOptions) throws -> any RenderedTarget {
        let environment = ProcessInfo.processInfo.environment
        return RemoteWorkspace(remote: try RemoteConfig(environment: environment).remote(named: name),
                               token: try APIToken.load(tokenFile: options.tokenFile, environment: environment), timeout: options.timeout,
                               environment: local.environment, status: StatusLine.standardError)
    }

    func run(_ command: ServeCommand) async throws {
        var configuration = ServeConfiguration(workspaceRoot: try command.workspace.located().root)
        configuration.host = command.host
        configuration.port = command.port
        configuration.tlsCertificate = command.tlsCertificate
        configuration.tlsKey = command.tlsKey
        configuration.insecureHTTP = command.insecureHTTP
        configuration.limits.idleTimeout = command.idleTimeout
        configuration.logLevel = ProcessInfo.processInfo.environment["RLCM_LOG_LEVEL"]
        // The server's stderr is its access log: its jobs draw no progress there.
        var environment = command.workspace.environment
        environment.progress = nil
        try await serve(configuration, environment: environment) { line in
            print(line)
            fflush(nil)
        }
    }

    func run(_ command: TokenCreateCommand) throws {
        let located = try command.workspace.located()
        try located.ensureIgnoredState()
        try command.format.emit(try ServerStore(workspaceRoot: located.root, clock: command.workspace.environment.clock).createToken(name: command.name))
    }

    func run(_ command: TokenListCommand) throws {
        try command.format.emit(try tokens(command.workspace).listTokens())
    }

    func run(_ command: TokenRevokeCommand) throws {
        try command.format.emit(try tokens(command.workspace).revokeToken(name: command.name))
    }

    func run(_ command: RemoteAddCommand) throws {
        try command.format.emit(RemoteChange(action: .added, remote: try remotes.add(name: command.name, url: command.url)))
    }

    func run(_ command: RemoteListCommand) throws {
        try command.format.emit(RemoteList(remotes: try remotes.all(), file: remotes.file))
    }

    func run(_ command: RemoteRemoveCommand) throws {
        try command.format.emit(RemoteChange(action: .removed, remote: try remotes.remove(name: command.name)))
    }

    /// The server's token store of the workspace the options name.
    private func tokens(_ workspace: WorkspaceOptions) throws -> ServerStore {
        try ServerStore(workspaceRoot: try workspace.located().root, clock: workspace.environment.clock)
    }

    /// The remotes file this process's environment points at.
    private var remotes: RemoteConfig { RemoteConfig(environment: ProcessInfo.processInfo.environment) }
}

extension RemoteWorkspace: RenderedTarget {}
