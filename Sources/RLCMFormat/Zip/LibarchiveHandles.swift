import CArchive
import Foundation

/// Runs `body` with the calling thread's LC_CTYPE switched to C.UTF-8 and restores the
/// previous locale afterwards. libarchive converts names through the current locale; a Swift
/// process runs in the C locale, where non-ASCII names come back NULL or garbled. Keep every
/// libarchive call (handle creation included) inside this, and synchronous.
func withUTF8Locale<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    try UTF8Locale().run(body)
}

/// The C.UTF-8 locale, for an owner that calls libarchive many times: making the locale opens
/// and maps its file, which a writer did for every entry when it made one per call.
final class UTF8Locale {
    private let handle: locale_t?

    init() { handle = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) }

    deinit { if let handle { freelocale(handle) } }

    /// Runs `body` with the calling thread's LC_CTYPE switched to this locale (see `withUTF8Locale`).
    func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        guard let handle else { return try body() }
        let previous = uselocale(handle)
        defer { uselocale(previous) }
        return try body()
    }
}

/// Why libarchive made no `object`: it could not be loaded (the loader's words), or it is out of memory.
private func libarchiveFailure(_ object: String) -> String {
    rlcm_archive_load_error().map { "libarchive could not be loaded: \(String(cString: $0))" } ?? "libarchive could not allocate \(object)"
}

/// Owns a `struct archive*` opened for reading; freed only in `deinit`.
final class ArchiveReadHandle {
    let pointer: OpaquePointer

    init(archive: String) throws(ArchiveError) {
        guard let p = archive_read_new() else {
            throw .cannotOpen(archive: archive, reason: libarchiveFailure("a reader"))
        }
        pointer = p
    }

    deinit { archive_read_free(pointer) }

    var errorString: String {
        archive_error_string(pointer).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}

/// Owns a `struct archive*` opened for writing, and the file descriptor it writes to; the
/// archive is freed before the descriptor is closed, only in `deinit`.
final class ArchiveWriteHandle {
    let pointer: OpaquePointer
    var fd: Int32 = -1

    init(archive: String) throws(ArchiveError) {
        guard let p = archive_write_new() else {
            throw .writeFailed(archive: archive, entry: nil, reason: libarchiveFailure("a writer"))
        }
        pointer = p
    }

    deinit {
        archive_write_free(pointer)
        if fd >= 0 { close(fd) }
    }

    var errorString: String {
        archive_error_string(pointer).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}

/// Owns a `struct archive_entry*`; freed only in `deinit`.
final class ArchiveEntryHandle {
    let pointer: OpaquePointer

    init(archive: String) throws(ArchiveError) {
        guard let p = archive_entry_new() else {
            throw .writeFailed(archive: archive, entry: nil, reason: libarchiveFailure("an entry"))
        }
        pointer = p
    }

    deinit { archive_entry_free(pointer) }
}

/// libarchive, which rlcm loads on first use (Sources/CArchive/LazyLibarchive.c).
public enum Libarchive {
    /// Starts loading it on another thread, for work about to read or write a zip: its fifteen
    /// libraries then load while the caller goes on with what comes first.
    public static func loadSoon() { rlcm_archive_load_soon() }
}
