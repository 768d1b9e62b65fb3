/// Bounds that the parser enforces on untrusted documents. Every limit is checked while
/// reading, so a hostile document is rejected after at most a linear scan.
public struct JSONLimits: Sendable {
    /// Deepest nesting of arrays and objects; the document root container is depth 1.
    /// Values are freed and compared recursively, so keep this in the hundreds.
    public var maxDepth: Int
    /// Longest string (key or value), in UTF-8 bytes after unescaping.
    public var maxStringBytes: Int
    /// Longest number literal, in characters.
    public var maxNumberLength: Int
    /// Largest document, in bytes.
    public var maxDocumentBytes: Int

    public init(maxDepth: Int = 256,
                maxStringBytes: Int = 16 << 20,
                maxNumberLength: Int = 64,
                maxDocumentBytes: Int = 64 << 20) {
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
        self.maxNumberLength = maxNumberLength
        self.maxDocumentBytes = maxDocumentBytes
    }

    /// 256 levels, 16 MiB strings, 64-character numbers, 64 MiB documents.
    public static let `default` = JSONLimits()
}
