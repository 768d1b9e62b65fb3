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

    /// Where `needle` first starts in `haystack` at or after `from` (the C library's search), for
    /// callers that walk every occurrence.
    static func offset(of needle: [UInt8], in haystack: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard from <= haystack.count else { return nil }
        return needle.withUnsafeBytes { Platform.firstOffset(of: $0, in: UnsafeRawBufferPointer(rebasing: haystack[from...])) }.map { $0 + from }
    }

    /// Whether the short `haystack` holds `needle` (at least two bytes). The pair of bytes of
    /// `needle` at `anchor` is looked for eight bytes at a time, and each place it stands is
    /// compared whole: the caller picks a pair that text rarely holds (for `property_name`, `y_`
    /// stopped the search nowhere in the recipes of the bench's 50-recipe package, where its `p`
    /// stopped it 40,000 times).
    @inline(__always)
    static func holds(_ needle: StaticString, in haystack: UnsafeRawBufferPointer, anchor: Int = 0) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard haystack.count >= count else { return false }
        let wanted = UnsafeRawBufferPointer(start: needle.utf8Start, count: count)
        let first = wanted[anchor], second = wanted[anchor + 1]
        // `i` is where the pair would stand; the needle would start `anchor` bytes before it.
        var i = anchor
        let lastPair = haystack.count - count + anchor
        while i <= lastPair {
            if i + 8 <= haystack.count {
                let word = UInt64(littleEndian: haystack.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                // Flags a byte that may be `first` followed by `second` (neither search misses a
                // match), in the first seven: a pair across words is found from the next place.
                let flagged = matches(first, in: word) & (matches(second, in: word) >> 8)
                guard flagged != 0 else {
                    i += 7
                    continue
                }
                i += flagged.trailingZeroBitCount >> 3
                guard i <= lastPair else { return false }
            } else if haystack[i] != first || haystack[i + 1] != second {
                i += 1
                continue
            }
            if UnsafeRawBufferPointer(rebasing: haystack[(i - anchor)..<(i - anchor + count)]).elementsEqualBytes(wanted) { return true }
            i += 1
        }
        return false
    }

    /// The bytes of `word` that equal `byte`, each flagged by its high bit: every match is flagged;
    /// the lowest flag is a match, flags above it may not be (a borrow runs up from a match). Eight
    /// bytes at a time, for the search above and the JSON reader's scan of strings.
    @inline(__always)
    static func matches(_ byte: UInt8, in word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }
}
