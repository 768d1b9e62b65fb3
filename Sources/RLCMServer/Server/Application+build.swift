import Foundation
import HummingbirdCore
import Hummingbird
import HummingbirdTLS
import Logging
import NIOSSL
import RLCMKit
import ServiceLifecycle

/// Builds the server for a workspace: state opened (and jobs a killed server left marked as
/// interrupted), routes added resource by resource, TLS when asked. Everything it records and
/// every job it runs goes by `environment` (its lock timeout aside: the limits set those).
/// `onRunning` gets the base URL once the socket is bound (with `--port 0`, the port the system
/// chose).
public func buildApplication(_ configuration: ServeConfiguration, environment: RunEnvironment, logger: Logger,
                             onRunning: @escaping @Sendable (String) async -> Void = { _ in }) throws -> some ApplicationProtocol {
    try checkAddress(configuration)
    let workspace = try Workspace(root: configuration.workspaceRoot)
    try workspace.ensureIgnoredState()
    // Undo whatever a killed import left half-applied before anything reads the workspace, and
    // settle the jobs it left unfinished.
    let store = try ServerStore(workspaceRoot: workspace.root, clock: environment.clock)
    try JobWork.settleUnfinished(store: store, workspace: workspace, environment: environment.waitingForLocks(configuration.limits.readLockTimeout))
    let core = ServerCore(workspace: workspace, store: store, limits: configuration.limits, environment: environment, logger: logger)

    var routes = RouteList()
    WorkspaceRoutes(core: core).add(to: &routes)
    ManifestRoutes(core: core).add(to: &routes)
    PackageRoutes(core: core).add(to: &routes)
    RecipeRoutes(core: core).add(to: &routes)
    ConnectionRoutes(core: core).add(to: &routes)
    ConnectorRoutes(core: core).add(to: &routes)
    HistoryRoutes(core: core).add(to: &routes)
    PropertyRoutes(core: core).add(to: &routes)
    var table = RouteTable()
    for entry in routes.entries { table.add(entry.method, entry.path) }

    let router = Router(context: Context.self)
    router.add(middleware: AccessLogMiddleware(logger: logger, routes: table))
    router.add(middleware: TokenMiddleware(store: store))
    for entry in routes.entries { router.on(RouterPath(entry.path), method: entry.method, use: entry.handler) }

    let maxBodyBytes = max(configuration.limits.maxPackageBytes, configuration.limits.maxJSONBytes)
    let http1 = HTTPServerBuilder.http1(configuration: .init(
        additionalChannelHandlers: [ExpectContinueHandler(maxBodyBytes: maxBodyBytes)],
        idleTimeout: .milliseconds(Int64(configuration.limits.idleTimeout * 1000))))
    let scheme = configuration.scheme
    return Application(
        router: router, server: try tlsServer(configuration, wrapping: http1),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: [core.jobs],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            let url = "\(scheme)://\(host):\(port)"
            core.baseURL.withLock { $0 = url }
            await onRunning(url)
        },
        logger: logger)
}

/// Plain HTTP only on loopback, unless `--insecure-http` says the network is trusted.
func checkAddress(_ configuration: ServeConfiguration) throws {
    if (configuration.tlsCertificate == nil) != (configuration.tlsKey == nil) { throw ServeError.incompleteTLS }
    let loopback = configuration.host == "localhost" || configuration.host == "::1" || configuration.host.hasPrefix("127.")
    if configuration.tlsCertificate == nil && !loopback && !configuration.insecureHTTP {
        throw ServeError.plainHTTPOnNetwork(host: configuration.host)
    }
}

private func tlsServer(_ configuration: ServeConfiguration, wrapping http1: HTTPServerBuilder) throws -> HTTPServerBuilder {
    guard let certificate = configuration.tlsCertificate, let key = configuration.tlsKey else { return http1 }
    do {
        let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        return try .tls(http1, tlsConfiguration: tls)
    } catch {
        throw ServeError.tls(String(describing: error))
    }
}

/// `rlcm serve`: runs until SIGINT or SIGTERM, then stops taking requests, lets the running job
/// finish and records queued ones as interrupted.
public func serve(_ configuration: ServeConfiguration, environment: RunEnvironment, announce: @escaping @Sendable (String) -> Void) async throws {
    var logger = Logger(label: "rlcm.serve")
    logger.logLevel = configuration.logLevel.flatMap { Logger.Level(rawValue: $0) } ?? .info
    let name = try Workspace(root: configuration.workspaceRoot).settings.name
    let app = try buildApplication(configuration, environment: environment, logger: logger) { url in announce("Serving workspace '\(name)' at \(url)") }
    try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
}
