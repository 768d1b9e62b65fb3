import CArchive
import Foundation

/// Reads a package zip without trusting it.
///
/// The header pass (`init`) parses the whole zip structure in Swift, validating every name,
/// type, size and offset, then cross-checks it with libarchive's seekable zip reader. The
/// data pass (`forEachFile`) reads entries through libarchive, counting bytes; libarchive checks
/// each entry's CRC-32 as it reaches the entry's end, which the data pass always reads to.
public final class ZipReader {
    static let chunkSize = 256 * 1024

    /// Every entry, directories included, in archive order (the order of the entries' data in
    /// the file, which is also the order libarchive reads them in).
    public let entries: [ZipEntry]
    private let records: [ZipRecord]
    /// The file validated by the header pass. libarchive reads this same open file, so
    /// replacing the path between the passes cannot swap in an unvalidated archive.
    private let file: ZipFile
    private let display: String

    /// Opens and validates the whole archive structure before any data is read (the header
    /// pass). Throws the first problem found, naming the entry. `letterCase` says whether the
    /// entries will land where names that differ only in letter case are distinct files (as they
    /// are in the zip itself); an importer whose file system folds case passes `.folded`.
    public init(path: String, limits: ZipLimits = .default, letterCase: LetterCase = .distinct) throws(ArchiveError) {
        self.display = ZipDisplay.escape(path)
        let file = try ZipFile(path: path, display: display)
        self.file = file
        let records = try ZipStructureParser(file: file, limits: limits, letterCase: letterCase).parse()
        self.records = records
        self.entries = records.map {
            ZipEntry(path: $0.name, size: $0.size, compressedSize: $0.compressedSize, isDirectory: $0.isDirectory)
        }
        try crossCheckWithLibarchive()
    }

    /// Regular files only, in archive order.
    public var files: [ZipEntry] { entries.filter { !$0.isDirectory } }

    /// The SHA-256 of the archive as this reader sees it: read through the same open file, so the
    /// digest a plan records is that of the bytes it was made from, even if the path is replaced.
    public func sha256() throws(ArchiveError) -> String {
        var hash = StreamingHash()
        var offset = 0
        while offset < file.size {
            let chunk = try file.read(at: offset, count: min(Self.chunkSize, file.size - offset), what: "the archive's data")
            chunk.withUnsafeBytes { hash.update($0) }
            offset += chunk.count
        }
        return hash.finalize()
    }

    /// The data pass: calls `body` for every regular file in archive order with its complete
    /// contents. Data longer or shorter than declared, and CRC errors, are errors. Rethrows
    /// `body`'s errors unchanged; archive problems are `ArchiveError`. The CRC-32 is libarchive's
    /// to check: it does so when a read reaches the end of an entry with data, and every entry is
    /// read one read past its declared size. An empty entry it does not check; its CRC-32 can only
    /// be 0 (ZipHostileTests' "bad CRC" cases hold both to that).
    public func forEachFile(_ body: (ZipEntry, [UInt8]) throws -> Void) throws {
        let a = display
        if records.isEmpty { return }
        try withUTF8Locale { () throws in
            let handle = try openHandle()
            var scratch = [UInt8](repeating: 0, count: Self.chunkSize)
            var index = 0
            while true {
                guard let record = try nextHeader(handle, index: index) else { break }
                let entry = entries[index]
                index += 1
                if record.isDirectory { continue }
                func failure(_ n: Int) -> ArchiveError {
                    let reason = handle.errorString
                    if reason.localizedCaseInsensitiveContains("crc") { return .checksumMismatch(archive: a, entry: record.display) }
                    return .corruptData(archive: a, entry: record.display, reason: reason)
                }
                // Inflated straight into the entry's array, up to the declared size; then one more
                // read, into scratch, which must find nothing (and which checks the CRC-32).
                let data = try [UInt8](unsafeUninitializedCapacity: record.size) { buffer, count in
                    guard let base = buffer.baseAddress else { return }
                    while count < record.size {
                        let n = archive_read_data(handle.pointer, base + count, min(Self.chunkSize, record.size - count))
                        if n < 0 { throw failure(n) }
                        if n == 0 { break }
                        count += n
                    }
                }
                let beyond = scratch.withUnsafeMutableBytes { archive_read_data(handle.pointer, $0.baseAddress!, Self.chunkSize) }
                if beyond < 0 { throw failure(beyond) }
                guard beyond == 0 else {
                    throw ArchiveError.dataLongerThanDeclared(archive: a, entry: record.display, declared: record.size)
                }
                guard data.count == record.size else {
                    throw ArchiveError.dataShorterThanDeclared(
                        archive: a, entry: record.display, declared: record.size, actual: data.count)
                }
                guard record.size > 0 || record.crc == 0 else { throw ArchiveError.checksumMismatch(archive: a, entry: record.display) }
                try body(entry, data)
            }
        }
    }

    // MARK: - libarchive

    private func openHandle() throws(ArchiveError) -> ArchiveReadHandle {
        let h = try ArchiveReadHandle(archive: display)
        guard lseek(file.fd, 0, SEEK_SET) == 0 else {
            throw .ioFailed(archive: display, operation: "seeking", reason: Platform.errorText())
        }
        // libarchive's descriptor reader seeks with lseek and never closes the descriptor.
        guard archive_read_support_format_zip_seekable(h.pointer) == ARCHIVE_OK,
              archive_read_open_fd(h.pointer, file.fd, Self.chunkSize) == ARCHIVE_OK
        else {
            throw .notAZip(archive: display, reason: "libarchive cannot open it: \(h.errorString)")
        }
        return h
    }

    /// Reads the next header and checks it against the record the header pass expects there.
    /// Returns nil at the end.
    private func nextHeader(
        _ h: ArchiveReadHandle, index: Int
    ) throws(ArchiveError) -> ZipRecord? {
        var entry: OpaquePointer? = nil
        let status = archive_read_next_header(h.pointer, &entry)
        if status == ARCHIVE_EOF {
            guard index == records.count else {
                throw .malformed(archive: display, entry: nil, reason: "libarchive found \(index) entries, the central directory lists \(records.count)")
            }
            return nil
        }
        let expected = index < records.count ? records[index] : nil
        guard status == ARCHIVE_OK, let entry else {
            throw .malformed(archive: display, entry: expected?.display, reason: "libarchive cannot read the entry: \(h.errorString)")
        }
        guard let record = expected else {
            throw .malformed(archive: display, entry: nil, reason: "libarchive found more entries than the central directory lists")
        }
        let d = record.display
        guard let cName = archive_entry_pathname_utf8(entry) else {
            throw .malformed(archive: display, entry: d, reason: "libarchive cannot decode the name")
        }
        // libarchive hands out names normalised to NFC; the header pass already refused
        // names that collide after NFC, so either spelling identifies the entry.
        let seen = Array(UnsafeBufferPointer(start: UnsafeRawPointer(cName).assumingMemoryBound(to: UInt8.self), count: strlen(cName)))
        guard seen == record.nameBytes || seen == Array(record.name.precomposedStringWithCanonicalMapping.utf8) else {
            throw .malformed(archive: display, entry: d, reason: "libarchive reads a different entry at this position")
        }
        if archive_entry_hardlink(entry) != nil {
            throw .unsupportedEntryType(archive: display, entry: d, type: "hard link")
        }
        let type = UInt32(archive_entry_filetype(entry))
        switch type {
        case RLCM_AE_IFREG, RLCM_AE_IFDIR:
            if (type == RLCM_AE_IFDIR) != record.isDirectory {
                throw .malformed(archive: display, entry: d, reason: "libarchive and the central directory disagree whether it is a folder")
            }
        case RLCM_AE_IFLNK: throw .unsupportedEntryType(archive: display, entry: d, type: "symbolic link")
        case RLCM_AE_IFCHR: throw .unsupportedEntryType(archive: display, entry: d, type: "character device")
        case RLCM_AE_IFBLK: throw .unsupportedEntryType(archive: display, entry: d, type: "block device")
        case RLCM_AE_IFIFO: throw .unsupportedEntryType(archive: display, entry: d, type: "named pipe (FIFO)")
        case RLCM_AE_IFSOCK: throw .unsupportedEntryType(archive: display, entry: d, type: "socket")
        default: throw .unsupportedEntryType(archive: display, entry: d, type: "file of unknown type")
        }
        if archive_entry_is_encrypted(entry) != 0 {
            throw .encrypted(archive: display, entry: d)
        }
        if archive_entry_size_is_set(entry) != 0, Int(archive_entry_size(entry)) != record.size {
            throw .headerMismatch(archive: display, entry: d, field: "size (as libarchive reads it)")
        }
        return record
    }

    private func crossCheckWithLibarchive() throws(ArchiveError) {
        // libarchive cannot open a zip without entries; there is nothing to cross-check.
        if records.isEmpty { return }
        try withUTF8Locale { () throws(ArchiveError) in
            let h = try openHandle()
            var index = 0
            while try nextHeader(h, index: index) != nil { index += 1 }
        }
    }
}
