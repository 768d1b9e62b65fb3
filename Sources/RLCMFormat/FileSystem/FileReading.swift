import Foundation

/// An open file, read at offsets from any thread and closed when released.
public final class OpenFile: Sendable {
    let fd: Int32

    public init(reading path: String) throws(FileSystem.Failure) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.Failure(operation: "open", path: path, code: errno) }
        self.fd = fd
    }

    /// Takes over `fd`, which the file closes.
    init(descriptor fd: Int32) {
        self.fd = fd
    }

    deinit { close(fd) }

    /// Up to `count` bytes at `offset`: fewer only at the end of the file.
    public func read(at offset: Int, upTo count: Int, path: String) throws(FileSystem.Failure) -> [UInt8] {
        var failure: FileSystem.Failure?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, done in
            while done < count {
                let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = FileSystem.Failure(operation: "read", path: path, code: errno) }
                guard n > 0 else { return }
                done += n
            }
        }
        if let failure { throw failure }
        return bytes
    }
}

/// A file read forward from an offset a block at a time, keeping only what was not yet taken:
/// the runs a `SpilledList` merges, the lines of the usage cache.
public struct BlockReader: Sendable {
    private let file: OpenFile
    private let path: String
    private var next: Int
    private let end: Int
    private let blockSize: Int
    private var block: [UInt8] = []
    private var at = 0

    /// Reads `file` (named `path` in errors) from `start` up to `end` or the end of the file.
    public init(_ file: OpenFile, path: String, from start: Int, to end: Int = .max, blockSize: Int) {
        self.file = file
        self.path = path
        next = start
        self.end = end
        self.blockSize = blockSize
    }

    /// Makes `count` bytes available to `take`; false when the range or the file ends first.
    public mutating func ensure(_ count: Int) throws(FileSystem.Failure) -> Bool {
        while block.count - at < count {
            guard next < end else { return false }
            let more = try file.read(at: next, upTo: min(end - next, max(blockSize, count - (block.count - at))), path: path)
            guard !more.isEmpty else { return false }
            block = Array(block[at...]) + more
            at = 0
            next += more.count
        }
        return true
    }

    /// The next `count` bytes, which `ensure` made available.
    public mutating func take(_ count: Int) -> ArraySlice<UInt8> {
        defer { at += count }
        return block[at..<(at + count)]
    }

    /// The next line without its newline (the last one may have none); nil at the end.
    public mutating func line() throws(FileSystem.Failure) -> ArraySlice<UInt8>? {
        while true {
            if let newline = block[at...].firstIndex(of: 0x0A) {
                defer { at = newline + 1 }
                return block[at..<newline]
            }
            guard try ensure(block.count - at + 1) else { return at < block.count ? take(block.count - at) : nil }
        }
    }
}
