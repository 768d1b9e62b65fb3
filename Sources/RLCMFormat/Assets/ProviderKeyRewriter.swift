/// Replaces a package's custom connector provider keys with the target workspace's keys, byte for
/// byte: every occurrence in step `provider`s, `config[]` and inside strings such as data pills
/// changes, and nothing else in the file does. A key only matches as a whole word, so
/// `..._1767225600` never matches inside `..._17672256001`, nor `システム_connector_…` inside
/// `番号システム_connector_…` (bytes of non-ASCII letters are word bytes).
public struct ProviderKeyRewriter: Sendable {
    private let replacements: [(from: [UInt8], to: [UInt8])]

    public init(_ map: [String: String]) {
        replacements = map.filter { $0.key != $0.value && !$0.key.isEmpty }.sorted { $0.key < $1.key }
            .map { (Array($0.key.utf8), Array($0.value.utf8)) }
    }

    public var isEmpty: Bool { replacements.isEmpty }

    /// The rewritten bytes and how many occurrences changed.
    public func rewrite(_ bytes: [UInt8]) -> (bytes: [UInt8], count: Int) {
        guard !replacements.isEmpty else { return (bytes, 0) }
        // Every whole-word occurrence of every key, found with the C library's vectorised search.
        var matches: [(offset: Int, replacement: Int)] = []
        bytes.withUnsafeBytes { input in
            for (index, replacement) in replacements.enumerated() {
                var offset = 0
                while offset + replacement.from.count <= input.count {
                    guard let start = ByteSearch.offset(of: replacement.from, in: input, from: offset) else { break }
                    let end = start + replacement.from.count
                    if (start == 0 || !Self.isWordByte(input[start - 1])) && (end == input.count || !Self.isWordByte(input[end])) {
                        matches.append((start, index))
                        offset = end
                    } else {
                        offset = start + 1
                    }
                }
            }
        }
        guard !matches.isEmpty else { return (bytes, 0) }
        matches.sort { $0.offset < $1.offset }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var copied = 0
        var count = 0
        for match in matches where match.offset >= copied {
            let replacement = replacements[match.replacement]
            output.append(contentsOf: bytes[copied..<match.offset])
            output.append(contentsOf: replacement.to)
            copied = match.offset + replacement.from.count
            count += 1
        }
        output.append(contentsOf: bytes[copied...])
        return (output, count)
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0x80
    }
}
