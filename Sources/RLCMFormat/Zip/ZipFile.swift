import Foundation

/// A read-only file descriptor with bounded positional reads; closed only in `deinit`.
final class ZipFile {
    let fd: Int32
    let size: Int
    let display: String

    init(path: String, display: String) throws(ArchiveError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)  // never block on a FIFO
        guard fd >= 0 else { throw .cannotOpen(archive: display, reason: Platform.errorText()) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let reason = Platform.errorText()
            close(fd)
            throw .cannotOpen(archive: display, reason: reason)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .cannotOpen(archive: display, reason: "it is not a regular file")
        }
        self.fd = fd
        self.size = Int(st.st_size)
        self.display = display
    }

    deinit { close(fd) }

    /// Reads exactly `count` bytes at `offset`; a short read means the file is truncated.
    func read(at offset: Int, count: Int, what: @autoclosure () -> String) throws(ArchiveError) -> [UInt8] {
        guard count >= 0, offset >= 0, offset <= size, count <= size - offset else {
            throw .truncated(archive: display, reason: "\(what()) lies beyond the end of the file")
        }
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .ioFailed(archive: display, operation: "reading", reason: Platform.errorText())
            }
            if n == 0 { throw .truncated(archive: display, reason: "\(what()) lies beyond the end of the file") }
            done += n
        }
        return out
    }
}

/// Little-endian field access into a byte array.
extension Array where Element == UInt8 {
    func u16(_ at: Int) -> Int { Int(self[at]) | Int(self[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    func u64(_ at: Int) -> UInt64 { UInt64(u32(at)) | UInt64(u32(at + 4)) << 32 }
}
