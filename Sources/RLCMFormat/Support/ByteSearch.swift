/// Substring search in raw bytes (memmem), for skipping files that cannot mention a key before
/// paying for a parse.
public enum ByteSearch {
    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        return haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { Platform.firstOffset(of: $0, in: hay) != nil }
        }
    }
}
