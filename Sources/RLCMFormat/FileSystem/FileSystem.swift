import Foundation
import CArchive

/// The few POSIX file operations rlcm needs with durability guarantees Foundation does not give:
/// fsync of files and directories, `rename` that replaces atomically, and hard links.
public enum FileSystem {
    /// An error from the operating system, naming the file involved.
    public struct Failure: RLCMError, Equatable {
        public let operation: String
        public let path: String
        public let code: Int32

        public init(operation: String, path: String, code: Int32) {
            self.operation = operation
            self.path = path
            self.code = code
        }

        public var description: String {
            "cannot \(operation) '\(path)': \(String(cString: strerror(code)))"
        }
    }

    static func check(_ result: Int32, _ operation: String, _ path: String) throws(Failure) {
        if result != 0 { throw Failure(operation: operation, path: path, code: errno) }
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Whether `path` is a folder itself (a link to a folder is not: rlcm never follows links out of a tree).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// What identifies one state of a file without reading it: size, modification and change times
    /// to the nanosecond, inode. Users can set a file's modification time but not its change time.
    public struct Stamp: Hashable, Sendable {
        public var size: Int
        public var modified: Int
        public var changed: Int
        public var inode: UInt64

        public init(size: Int, modified: Int, changed: Int, inode: UInt64) {
            self.size = size
            self.modified = modified
            self.changed = changed
            self.inode = inode
        }

        /// `size:mtime_ns:ctime_ns:inode`, the form a saved plan fingerprints a file it only reports on.
        public var text: String { "\(size):\(modified):\(changed):\(inode)" }

        /// How much older than now a stamp's times must be, in nanoseconds, for it to be settled:
        /// file systems that keep times to the second or two (ext3, FAT), and the kernel's coarse
        /// clock, give a change made within that time the stamp the file already had.
        public static let settledMargin = 2_000_000_000

        /// Whether any later change of the file gives it another stamp, so that what was read of
        /// it may be kept as long as its stamp stays this one (as git trusts its index only for
        /// files older than the index).
        public func isSettled(now: Int = FileSystem.fileTimeNow()) -> Bool {
            max(modified, changed) < now - Self.settledMargin
        }
    }

    public static func stamp(_ path: String) -> Stamp? { stamp(path, ofKind: S_IFREG) }

    /// The stamp of a folder itself (nil when `path` is not one): adding, removing or renaming an
    /// entry of a folder changes its modification and change times, editing a file inside does not.
    public static func folderStamp(_ path: String) -> Stamp? { stamp(path, ofKind: S_IFDIR) }

    private static func stamp(_ path: String, ofKind kind: mode_t) -> Stamp? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == kind else { return nil }
        let times = Platform.times(info)
        return Stamp(size: Int(info.st_size), modified: times.modified, changed: times.changed, inode: UInt64(info.st_ino))
    }

    /// Now, as the kernel stamps files (its coarse clock): a file changed after this call has a
    /// modification time no earlier than what it returns, so a file whose time is earlier was
    /// last written before it.
    public static func fileTimeNow() -> Int { Platform.fileClock() }

    /// How the file system holding `file` (an existing file whose name has lower-case letters
    /// and that nobody gives a twin in upper case, such as a workspace's own state file) treats
    /// letter case: it folds case when the name in upper case finds a file too. Probing by
    /// lookup writes nothing, so a command killed meanwhile leaves nothing behind; inode numbers
    /// cannot tell, as FUSE file systems make one up per lookup.
    public static func letterCase(probing file: String) -> LetterCase {
        let folder = FileSystem.folder(of: file)
        let name = (file as NSString).lastPathComponent
        return exists("\(folder)/\(name.uppercased())") ? .folded : .distinct
    }

    /// What is at `path` (a link is `.other`: rlcm never follows links out of a tree); nil when nothing is.
    public static func kind(_ path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: return .other
        }
    }

    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The first `count` bytes of a file (fewer when it is shorter): enough to tell a file by its
    /// header before reading the rest.
    public static func readPrefix(_ path: String, count: Int) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw Failure(operation: "open", path: path, code: errno) }
        defer { close(fd) }
        return try filled(capacity: count, reading: fd, path: path)
    }

    /// Reads a whole file; callers only use it for files bounded by the asset size limits.
    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw Failure(operation: "open", path: path, code: errno) }
        defer { close(fd) }
        var info = stat()
        try check(fstat(fd, &info), "stat", path)
        // Straight into the result, as large as the file says it is: no buffer to clear and copy
        // out of (which cost more than the read itself for a recipe of a few dozen kilobytes).
        let size = Int(info.st_size)
        var bytes = try filled(capacity: size, reading: fd, path: path)
        guard bytes.count == size else { return bytes }
        // A file that grew since: the rest, a chunk at a time.
        try withUnsafeTemporaryAllocation(byteCount: 16 * 1024, alignment: 1) { (chunk) throws(Failure) in
            while true {
                let n = try fill(chunk, reading: fd, path: path)
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<n]))
                if n < chunk.count { return }
            }
        }
        return bytes
    }

    /// Up to `capacity` bytes read from `fd` (fewer where the file ends), in an array of their own.
    private static func filled(capacity: Int, reading fd: Int32, path: String) throws(Failure) -> [UInt8] {
        var failure: Failure?
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            switch Result(catching: { () throws(Failure) in try fill(UnsafeMutableRawBufferPointer(buffer), reading: fd, path: path) }) {
            case .success(let n): count = n
            case .failure(let error): failure = error
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Reads from `fd` until `buffer` is full or the file ends; returns how many bytes it holds.
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer, reading fd: Int32, path: String) throws(Failure) -> Int {
        var done = 0
        while done < buffer.count {
            let n = Platform.read(fd, buffer.baseAddress! + done, buffer.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(operation: "read", path: path, code: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Writes a new file (failing if it exists when `exclusive`), fsyncing it when `durable`. With
    /// `writeBack`, its writeback starts at once, for a file that a later flush of the whole file
    /// system must find on disk (a staged file of an import).
    public static func write(_ bytes: [UInt8], to path: String, exclusive: Bool = false, durable: Bool = false, writeBack: Bool = false) throws(Failure) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC)
        let fd = open(path, flags, 0o644)
        if fd < 0 { throw Failure(operation: "create", path: path, code: errno) }
        defer { close(fd) }
        // One write of the whole file; the loop only finishes what a short write left.
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                Platform.write(fd, raw.baseAddress! + offset, bytes.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(operation: "write", path: path, code: errno)
            }
            offset += count
        }
        if durable { try check(fsync(fd), "fsync", path) }
        if writeBack { Platform.startWriteback(fd) }
    }

    /// Replaces `path` with what `produce` writes, in pieces gathered into 256 KiB writes, so that
    /// a large file is never whole in memory; a reader (or a crash) sees the old or the new file.
    public static func replace(_ path: String, producing produce: (_ write: ([UInt8]) throws(Failure) -> Void) throws(Failure) -> Void) throws(Failure) {
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw Failure(operation: "create", path: temporary, code: errno) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256 * 1024)
        func flush() throws(Failure) {
            var offset = 0
            while offset < buffer.count {
                let count = buffer.withUnsafeBytes { Platform.write(fd, $0.baseAddress! + offset, buffer.count - offset) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw Failure(operation: "write", path: temporary, code: errno)
                }
                offset += count
            }
            buffer.removeAll(keepingCapacity: true)
        }
        func writeAll() throws(Failure) {
            defer { close(fd) }
            try produce { (bytes: [UInt8]) throws(Failure) in
                buffer += bytes
                if buffer.count >= 256 * 1024 { try flush() }
            }
            try flush()
            try check(fsync(fd), "fsync", temporary)
        }
        do throws(Failure) {
            try writeAll()
            try rename(temporary, to: path)
            try syncDirectory(containing: path)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Replaces `path` with `bytes` so that a reader (or a crash) sees the old or the new file, never a mix.
    public static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        try replace(path) { (write) throws(Failure) in try write(bytes) }
    }

    public static func rename(_ source: String, to destination: String) throws(Failure) {
        try check(Platform.rename(source, destination), "rename", source)
    }

    public static func link(_ source: String, to destination: String) throws(Failure) {
        try check(Platform.link(source, destination), "link", source)
    }

    public static func remove(_ path: String) throws(Failure) {
        if unlink(path) != 0 && errno != ENOENT { throw Failure(operation: "remove", path: path, code: errno) }
    }

    /// The folder holding `path`: `""` for a bare name, `"/"` for an entry of the root. rlcm
    /// spells this itself because Foundation's `deletingLastPathComponent` traps on a
    /// one-character name (`RLCM_CACHE_DIR=c` stopped an import with SIGILL).
    ///
    /// It works on the path's bytes, as the system splits it: no grapheme breaking for each path of
    /// a commit, and a slash stays a separator even where a combining mark follows it.
    public static func folder(of path: String) -> String {
        var path = path
        return path.withUTF8 { bytes in
            let slash = UInt8(ascii: "/")
            var end = bytes.count
            while end > 1, bytes[end - 1] == slash { end -= 1 }
            guard var folderEnd = bytes[..<end].lastIndex(of: slash) else { return "" }
            while folderEnd > 0, bytes[folderEnd - 1] == slash { folderEnd -= 1 }
            return folderEnd == 0 ? "/" : String(decoding: UnsafeBufferPointer(rebasing: bytes[..<folderEnd]), as: UTF8.self)
        }
    }

    /// Creates the folder `path`, in a folder that exists; fails if there is something at `path`.
    public static func makeDirectory(_ path: String) throws(Failure) {
        if mkdir(path, 0o755) != 0 { throw Failure(operation: "create folder", path: path, code: errno) }
    }

    /// Creates `path` and its missing parents; returns the folders it created, outermost first.
    @discardableResult
    public static func makeDirectories(_ path: String) throws(Failure) -> [String] {
        var missing: [String] = []
        var current = path
        while !current.isEmpty, current != "/", !exists(current) {
            missing.append(current)
            current = FileSystem.folder(of: current)
        }
        for folder in missing.reversed() where mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw Failure(operation: "create folder", path: folder, code: errno)
        }
        return missing.reversed()
    }

    public static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    public static func syncDirectory(_ path: String) throws(Failure) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw Failure(operation: "open folder", path: path, code: errno) }
        defer { close(fd) }
        try check(fsync(fd), "fsync folder", path)
    }

    public static func syncDirectory(containing path: String) throws(Failure) {
        try syncDirectory(FileSystem.folder(of: path))
    }

    /// Flushes every dirty page of the file system holding `path`: one call instead of an fsync per staged file.
    public static func syncFileSystem(containing path: String) throws(Failure) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw Failure(operation: "open", path: path, code: errno) }
        defer { close(fd) }
        try check(Platform.syncFileSystem(fd), "sync file system of", path)
    }

    /// Names of the entries of a folder, sorted bytewise so every listing is deterministic.
    public static func children(_ path: String) throws(Failure) -> [String] {
        try listing(path).map(\.name)
    }

    public enum Kind: Sendable { case file, folder, other }

    /// The entries of a folder with what each is (a link is `other`), sorted by name. The kind
    /// comes from the directory itself where the file system records it, so walking a workspace
    /// of thousands of recipes costs no `lstat` per file.
    public static func listing(_ path: String) throws(Failure) -> [(name: String, kind: Kind)] {
        guard let dir = opendir(path) else { throw Failure(operation: "list", path: path, code: errno) }
        defer { closedir(dir) }
        var entries: [(name: String, kind: Kind)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .folder
            case Int32(DT_UNKNOWN): kind = isDirectory("\(path)/\(name)") ? .folder : isRegularFile("\(path)/\(name)") ? .file : .other
            default: kind = .other
            }
            entries.append((name, kind))
        }
        return entries.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
}
