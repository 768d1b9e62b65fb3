import Foundation
import Synchronization

/// Bytes set aside for a moment, on disk rather than in memory: a temporary file that is unlinked
/// as soon as it is made, so it leaves nothing behind however the process ends. An import keeps
/// here the entries that wait for the provider key map, instead of inflating the package twice,
/// and a plan the recipes of its dependency report, sorted there (`SpilledList`). Appends from
/// several threads each get their own range. The folder is the caller's to choose (the
/// executable's `$TMPDIR`): the library reads nothing from the process.
public final class Spool: Sendable {
    private let file: OpenFile
    private let size = Mutex(0)
    private static let name = "a temporary file"

    public init(folder: String) throws {
        var template = "\(folder)/rlcm-spool-XXXXXX".utf8CString
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard fd >= 0 else { throw FileSystem.Failure(operation: "create a temporary file in", path: folder, code: errno) }
        unlink(path)
        file = OpenFile(descriptor: fd)
    }

    /// Appends `bytes`; returns where they lie.
    public func append(_ bytes: [UInt8]) throws -> Range<Int> {
        let start = size.withLock { size in
            defer { size += bytes.count }
            return size
        }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(file.fd, $0.baseAddress! + done, bytes.count - done, off_t(start + done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSystem.Failure(operation: "write to", path: Self.name, code: errno)
            }
            done += n
        }
        return start..<(start + bytes.count)
    }

    /// The bytes appended at `range`.
    public func read(_ range: Range<Int>) throws -> [UInt8] {
        let bytes = try file.read(at: range.lowerBound, upTo: range.count, path: Self.name)
        guard bytes.count == range.count else { throw FileSystem.Failure(operation: "read", path: Self.name, code: EIO) }
        return bytes
    }

    /// The bytes appended at `range`, to be read forward a block at a time.
    public func reader(_ range: Range<Int>, blockSize: Int) -> BlockReader {
        BlockReader(file, path: Self.name, from: range.lowerBound, to: range.upperBound, blockSize: blockSize)
    }
}
