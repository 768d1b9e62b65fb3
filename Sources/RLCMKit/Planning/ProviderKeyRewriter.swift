/// Replaces a package's custom connector provider keys with the target workspace's keys, byte for
/// byte: every occurrence in step `provider`s, `config[]` and inside strings such as data pills
/// changes, and nothing else in the file does. A key only matches as a whole word, so
/// `..._1767225600` never matches inside `..._17672256001`.
public struct ProviderKeyRewriter: Sendable {
    private let replacements: [(from: [UInt8], to: [UInt8])]

    public init(_ map: [String: String]) {
        replacements = map.filter { $0.key != $0.value }.sorted { $0.key < $1.key }.map { (Array($0.key.utf8), Array($0.value.utf8)) }
    }

    public var isEmpty: Bool { replacements.isEmpty }

    /// The rewritten bytes and how many occurrences changed.
    public func rewrite(_ bytes: [UInt8]) -> (bytes: [UInt8], count: Int) {
        guard !replacements.isEmpty else { return (bytes, 0) }
        var output: [UInt8] = []
        var count = 0
        var copied = 0
        bytes.withUnsafeBufferPointer { input in
            var index = 0
            let end = input.count
            scan: while index < end {
                // A key starts a word: only positions after a word boundary can start one.
                if index == 0 || !Self.isWordByte(input[index - 1]) {
                    for (from, to) in replacements where index + from.count <= end && input[index] == from[0] {
                        var matches = true
                        for offset in 1..<from.count where input[index + offset] != from[offset] { matches = false; break }
                        if matches && (index + from.count == end || !Self.isWordByte(input[index + from.count])) {
                            if output.isEmpty { output.reserveCapacity(bytes.count + 64) }
                            output.append(contentsOf: input[copied..<index])
                            output.append(contentsOf: to)
                            index += from.count
                            copied = index
                            count += 1
                            continue scan
                        }
                    }
                }
                index += 1
            }
            if count > 0 { output.append(contentsOf: input[copied..<end]) }
        }
        return count == 0 ? (bytes, 0) : (output, count)
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }
}
