import Foundation
import RLCMFormat
import RLCMKit

/// How `rlcm serve` was asked to run.
public struct ServeConfiguration: Sendable {
    public struct Limits: Sendable {
        /// A package body over this is refused with 413 while it streams (the platform's 100 MB).
        public var maxPackageBytes = 100 * 1024 * 1024
        /// JSON request bodies are small; anything bigger is refused with 413.
        public var maxJSONBytes = 1024 * 1024
        /// A connection that sends or reads nothing for this long is closed (stalled clients).
        public var idleTimeout: Double = 30
        /// A package upload must arrive within this, however it trickles (slow clients).
        public var uploadTimeout: Double = 600
        /// How long a read waits for a change in progress before answering 503.
        public var readLockTimeout: Double = 30
        /// How long an import waits for another rlcm command's lock before failing.
        public var importLockTimeout: Double = 600

        public init() {}
    }

    public var workspaceRoot: String
    public var host = "127.0.0.1"
    public var port = 8080
    public var tlsCertificate: String?
    public var tlsKey: String?
    public var insecureHTTP = false
    public var limits = Limits()
    /// The access log's level (`trace` ... `critical`; the executable takes it from
    /// `RLCM_LOG_LEVEL`); nil or an unknown name: `info`.
    public var logLevel: String?

    public init(workspaceRoot: String) { self.workspaceRoot = workspaceRoot }

    var scheme: String { tlsCertificate == nil ? "http" : "https" }
}

/// Why the server will not start as asked.
public enum ServeError: RLCMError, Equatable {
    case plainHTTPOnNetwork(host: String)
    case incompleteTLS
    case tls(String)

    public var description: String {
        switch self {
        case .plainHTTPOnNetwork(let host):
            return "refusing to serve plain HTTP on '\(host)', which is not a loopback address: API tokens would cross the network "
                + "in clear text. Give --tls-cert and --tls-key, or --insecure-http if the network is trusted"
        case .incompleteTLS:
            return "--tls-cert and --tls-key go together: give both, or neither"
        case .tls(let message):
            return "cannot load the TLS certificate or key: \(message)"
        }
    }
}
