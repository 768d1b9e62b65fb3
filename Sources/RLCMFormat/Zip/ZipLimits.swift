/// Bounds the reader enforces before trusting a package.
///
/// The defaults are sized from Workato's published import limit of 100 MB per package (an
/// older page says 30 MB), with headroom so that no package Workato itself would accept is
/// refused, while a hostile package cannot exhaust memory or disk:
/// - `maxArchiveBytes` 256 MiB: 2.5 × the largest package Workato imports.
/// - `maxTotalSize` 512 MiB uncompressed: recipes are JSON that compresses 5–20 ×; a 100 MB
///   package of real JSON would rarely exceed this, and it bounds what an import processes.
/// - `maxEntrySize` 64 MiB: the data pass holds one entry in memory at a time; the largest
///   real assets (big recipes, connector source, logos) are a few MB.
/// - `maxCompressionRatio` 200 : 1, applied only to entries larger than
///   `ratioCheckThreshold` (1 MiB): repetitive JSON reaches 20–50 : 1, zeros reach 1000 : 1;
///   small files are exempt because tiny, highly compressible JSON is normal and harmless.
/// - `maxEntries` 100 000: far more assets than any project holds; bounds the central
///   directory we parse (and so the memory used by the header pass).
/// - `maxPathBytes` 1024 and `maxComponentBytes` 255: what common file systems accept.
public struct ZipLimits: Sendable, Equatable {
    public var maxEntries: Int
    public var maxEntrySize: Int
    public var maxTotalSize: Int
    public var maxCompressionRatio: Int
    /// Entries whose declared uncompressed size is at most this are exempt from the ratio check.
    public var ratioCheckThreshold: Int
    public var maxPathBytes: Int
    public var maxComponentBytes: Int
    public var maxArchiveBytes: Int

    public init(
        maxEntries: Int = 100_000,
        maxEntrySize: Int = 64 << 20,
        maxTotalSize: Int = 512 << 20,
        maxCompressionRatio: Int = 200,
        ratioCheckThreshold: Int = 1 << 20,
        maxPathBytes: Int = 1024,
        maxComponentBytes: Int = 255,
        maxArchiveBytes: Int = 256 << 20
    ) {
        self.maxEntries = maxEntries
        self.maxEntrySize = maxEntrySize
        self.maxTotalSize = maxTotalSize
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioCheckThreshold = ratioCheckThreshold
        self.maxPathBytes = maxPathBytes
        self.maxComponentBytes = maxComponentBytes
        self.maxArchiveBytes = maxArchiveBytes
    }

    public static let `default` = ZipLimits()
}
