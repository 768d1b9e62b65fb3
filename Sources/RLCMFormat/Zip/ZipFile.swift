import Foundation

/// A package open for bounded positional reads; closed when released.
final class ZipFile {
    private let file: OpenFile
    let size: Int
    let display: String

    var fd: Int32 { file.fd }

    init(path: String, display: String) throws(ArchiveError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)  // never block on a FIFO
        guard fd >= 0 else { throw .cannotOpen(archive: display, reason: Platform.errorText()) }
        file = OpenFile(descriptor: fd)
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .cannotOpen(archive: display, reason: Platform.errorText()) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .cannotOpen(archive: display, reason: "it is not a regular file") }
        self.size = Int(st.st_size)
        self.display = display
    }

    /// Reads exactly `count` bytes at `offset`; a short read means the file is truncated.
    func read(at offset: Int, count: Int, what: @autoclosure () -> String) throws(ArchiveError) -> [UInt8] {
        guard count >= 0, offset >= 0, offset <= size, count <= size - offset else {
            throw .truncated(archive: display, reason: "\(what()) lies beyond the end of the file")
        }
        let bytes: [UInt8]
        do {
            bytes = try file.read(at: offset, upTo: count, path: display)
        } catch {
            throw .ioFailed(archive: display, operation: "reading", reason: Platform.errorText(error.code))
        }
        guard bytes.count == count else { throw .truncated(archive: display, reason: "\(what()) lies beyond the end of the file") }
        return bytes
    }
}

/// Little-endian field access into bytes: a zip's structures, the records a plan spills to disk.
extension RandomAccessCollection where Element == UInt8, Index == Int {
    @inlinable public func u16(_ at: Int) -> Int { Int(self[at]) | Int(self[at + 1]) << 8 }
    @inlinable public func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    @inlinable public func u64(_ at: Int) -> UInt64 { UInt64(u32(at)) | UInt64(u32(at + 4)) << 32 }
}
