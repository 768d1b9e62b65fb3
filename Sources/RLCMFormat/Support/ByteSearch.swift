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
        var i = 0
        while i <= lastStart {
            if i + 8 <= haystack.count {
                let flagged = matches(first, in: UInt64(littleEndian: haystack.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
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

    /// The bytes of `word` that equal `byte`, each flagged by its high bit: the lowest flag is a
    /// match, flags above it may not be (a borrow runs up from a match). Eight bytes at a time,
    /// for the search above and the JSON reader's scan of strings.
    @inline(__always)
    static func matches(_ byte: UInt8, in word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }
}
