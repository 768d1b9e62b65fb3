import Synchronization

/// One copy of each string that the assets of a package or a workspace repeat. A package's
/// thousands of recipes name the same few connections, connector keys, steps and JSON paths over
/// and over; kept once per asset, those copies were most of what an index of 2,500 recipes held
/// (about 3 KB a recipe). Scans on several cores share one pool, so it is locked.
public final class StringPool: Sendable {
    private let strings = Mutex(Set<String>())

    public init() {}

    /// The pool's copy of `string`: the first one it was given that is equal.
    public func intern(_ string: String) -> String {
        // Up to 15 UTF-8 bytes a string is stored inline: there is no copy to save.
        guard string.utf8.count > 15 else { return string }
        return strings.withLock { $0.insert(string).memberAfterInsert }
    }
}
