#if canImport(Glibc)
import CPlatform
import Glibc
#endif

/// Everything rlcm asks of the operating system that differs between systems, in one place: rlcm
/// runs on Linux with glibc (what CI and the README's machine run); a port to another system
/// changes this file. The rest of the code sees POSIX through Foundation.
public enum Platform {
    /// Makes every change to the file system holding the open file `fd` durable: one call
    /// instead of an fsync per staged file.
    static func syncFileSystem(_ fd: Int32) -> Int32 { syncfs(fd) }

    /// Starts writing the open file's data to disk and returns at once (SYNC_FILE_RANGE_WRITE):
    /// the disk works while the command goes on computing, and the flush that makes the file
    /// durable later finds it written. A hint: its failure changes nothing that flush checks.
    static func startWriteback(_ fd: Int32) { _ = sync_file_range(fd, 0, 0, 2) }

    /// Gives the memory freed so far back to the system when it holds more than `threshold`
    /// bytes: what one phase of a long command allocated and freed (in every thread's arena, not
    /// only at the top of the heap) would otherwise stay resident through the next. Less is kept
    /// for the next phase to reuse: giving it back costs a walk of every arena, and the pages the
    /// next phase then touches fault in again (a millisecond of a small import).
    public static func returnFreedMemory(beyond threshold: Int) {
        if mallinfo2().fordblks > threshold { _ = malloc_trim(0) }
    }

    /// The offset of the first `needle` in `haystack`, found with the C library's vectorised
    /// search; nil when there is none.
    static func firstOffset(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        guard let base = haystack.baseAddress, let found = memmem(base, haystack.count, needle.baseAddress, needle.count) else { return nil }
        return UnsafeRawPointer(found) - base
    }

    /// Whether two buffers of the same length hold the same bytes.
    static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard let x = a.baseAddress, let y = b.baseAddress else { return true }
        return memcmp(x, y, a.count) == 0
    }

    /// A file's modification and status-change times, in nanoseconds since 1970.
    static func times(_ info: stat) -> (modified: Int, changed: Int) {
        (info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec, info.st_ctim.tv_sec * 1_000_000_000 + info.st_ctim.tv_nsec)
    }

    /// The clock file times are set from, in nanoseconds since 1970: a file written after it was
    /// read has a time no earlier than what it returned.
    static func fileClock() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        return now.tv_sec * 1_000_000_000 + now.tv_nsec
    }

    // The system calls whose names Foundation's own methods shadow inside types that define them.
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { Glibc.read(fd, buffer, count) }
    static func write(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { Glibc.write(fd, buffer, count) }
    static func rename(_ source: String, _ destination: String) -> Int32 { Glibc.rename(source, destination) }
    static func link(_ source: String, _ destination: String) -> Int32 { Glibc.link(source, destination) }

    /// The path of this process's executable (Linux's `/proc/self/exe`), else the name it was
    /// started by: where `rlcm` looks for the executables installed beside it.
    public static var executablePath: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    /// Replaces this process with `executable` (`execv`), which keeps its environment and open
    /// streams; returns only when that failed, with the `errno`.
    public static func replaceProcess(executable: String, arguments: [String]) -> Int32 {
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv(executable, &argv)
        let code = errno
        for pointer in argv { free(pointer) }
        return code
    }

    /// The system's words for an `errno` value.
    public static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}
