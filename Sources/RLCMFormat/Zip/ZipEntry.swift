/// One entry of a package, as validated by `ZipReader`.
public struct ZipEntry: Sendable, Hashable {
    /// The validated name, exactly as stored in the archive (directories end in `/`). Never
    /// normalised by the reader: names that would only be equal after Unicode normalisation
    /// or case folding are refused instead.
    public let path: String
    /// Declared uncompressed size.
    public let size: Int
    public let compressedSize: Int
    public let isDirectory: Bool

    public init(path: String, size: Int, compressedSize: Int, isDirectory: Bool) {
        self.path = path
        self.size = size
        self.compressedSize = compressedSize
        self.isDirectory = isDirectory
    }
}
