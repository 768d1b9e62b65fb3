import Foundation

/// The one place rlcm reads the time it records: workspace creation, import ids and history,
/// connector versions, sharing records and mail, the server's jobs, manifests and tokens.
/// `RLCM_NOW` (unix seconds) fixes it, so tests and golden files compare two runs byte for byte.
/// Elapsed time (lock timeouts, progress) and the names of transient transaction folders read
/// the system clock: they are not records, and a fixed clock would stop them.
public enum Clock {
    public static func now() -> Date {
        if let fixed = ProcessInfo.processInfo.environment["RLCM_NOW"].flatMap(Double.init) { return Date(timeIntervalSince1970: fixed) }
        return Date()
    }
}
