/// Substring search in raw bytes: memmem for skipping files that cannot mention a key before
/// paying for a parse, and an inline search for the short strings of a document, where a call
/// to memmem costs more than the search.
public enum ByteSearch {
    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        return haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { Platform.firstOffset(of: $0, in: hay) != nil }
        }
    }

    /// Whether the short `haystack` holds `needle` (not empty): its first byte is looked for eight
    /// bytes at a time, and each place it stands is compared whole.
    @inline(__always)
    static func holds(_ needle: StaticString, in haystack: UnsafeRawBufferPointer) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard haystack.count >= count else { return false }
        let wanted = UnsafeRawBufferPointer(start: needle.utf8Start, count: count)
        let first = wanted[0], lastStart = haystack.count - count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let pattern = ones &* UInt64(first)
        var i = 0
        while i <= lastStart {
            if i + 8 <= haystack.count {
                let word = UInt64(littleEndian: haystack.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ pattern
                // The lowest byte flagged is the first that equals `first` (flags above it may be false).
                let flagged = (word &- ones) & ~word & highs
                guard flagged != 0 else {
                    i += 8
                    continue
                }
                i += flagged.trailingZeroBitCount >> 3
                guard i <= lastStart else { return false }
            } else if haystack[i] != first {
                i += 1
                continue
            }
            if UnsafeRawBufferPointer(rebasing: haystack[i..<(i + count)]).elementsEqualBytes(wanted) { return true }
            i += 1
        }
        return false
    }
}
