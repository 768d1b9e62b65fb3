import Foundation

/// The one place rlcm reads the time it records (import ids, history, connector versions).
/// `RLCM_NOW` (unix seconds) fixes it, so tests can compare the trees of two runs byte for byte.
public enum Clock {
    public static func now() -> Date {
        if let fixed = ProcessInfo.processInfo.environment["RLCM_NOW"].flatMap(Double.init) { return Date(timeIntervalSince1970: fixed) }
        return Date()
    }
}
