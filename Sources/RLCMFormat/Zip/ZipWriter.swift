import CArchive
import Foundation

/// Writes a deterministic zip: same inputs, byte-identical file. Written to a temporary file
/// beside the destination and renamed into place only by `commit()`, so a failed export never
/// leaves a partial zip.
///
/// Names are stored normalised to Unicode NFC (libarchive's writer normalises them); names
/// that would collide after NFC are refused, so no two entries can merge. Names that differ only
/// in letter case are kept, as the platform keeps them: they come from a file system that kept
/// them apart, and an importer whose file system folds case refuses them.
///
/// Determinism: Deflate, permissions 0644, uid/gid 0, no user/group names, no directory
/// entries. No modification time is set on entries: libarchive then stores no time in the
/// extended-timestamp field, and writes the DOS date/time of Unix time 0, which it clamps to
/// the DOS epoch 1980-01-01 00:00:00. Unix time 0 is before 1980 in every time zone, so the
/// clamped value does not depend on the machine's time zone (a real 1980 timestamp would,
/// because libarchive converts it through `localtime`).
public final class ZipWriter {
    static let chunkSize = 256 * 1024

    private let destination: String
    private let temporaryPath: String
    private let displayName: String
    private var handle: ArchiveWriteHandle?
    private var names = ZipNameSet(letterCase: .distinct)
    private var finished = false
    /// One copy buffer for every file: allocated per file, its 256 KiB were mapped, zeroed and
    /// unmapped again for each of thousands of recipes.
    private var buffer = [UInt8](repeating: 0, count: chunkSize)
    /// Made once for all the writer's libarchive calls.
    private let locale = UTF8Locale()

    public init(destination: String) throws(ArchiveError) {
        self.destination = destination
        self.displayName = ZipDisplay.escape(destination)
        let slash = destination.lastIndex(of: "/")
        let directory = slash.map { String(destination[..<$0]) } ?? "."
        let base = slash.map { String(destination[destination.index(after: $0)...]) } ?? destination
        var template = ((directory.isEmpty ? "/" : directory) + "/." + base + ".tmp-XXXXXX").utf8CString
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            let reason = Platform.errorText()
            temporaryPath = ""
            throw .writeFailed(archive: displayName, entry: nil, reason: "cannot create a temporary file beside it: \(reason)")
        }
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        fchmod(fd, 0o644)
        let name = displayName
        do throws(ArchiveError) {
            handle = try locale.run { () throws(ArchiveError) -> ArchiveWriteHandle in
                let h = try ArchiveWriteHandle(archive: name)
                let a = h.pointer
                guard archive_write_set_format_zip(a) == ARCHIVE_OK,
                      archive_write_zip_set_compression_deflate(a) == ARCHIVE_OK,
                      archive_write_set_options(a, "zip:hdrcharset=UTF-8") == ARCHIVE_OK,
                      archive_write_set_bytes_in_last_block(a, 1) == ARCHIVE_OK,
                      archive_write_open_fd(a, fd) == ARCHIVE_OK
                else {
                    throw .writeFailed(archive: name, entry: nil, reason: h.errorString)
                }
                h.fd = fd  // only now does the handle own (and close) the descriptor
                return h
            }
        } catch {
            close(fd)
            throw error  // deinit removes the temporary file
        }
    }

    deinit {
        if !finished || handle != nil {
            // Frees the archive (libarchive still finishes it, into the doomed file), then
            // closes the descriptor.
            locale.run { handle = nil }
            if !temporaryPath.isEmpty { unlink(temporaryPath) }
        }
    }

    /// Adds a file with the given contents.
    public func addFile(path: String, contents: [UInt8]) throws(ArchiveError) {
        try add(path: path, size: contents.count) { (h, entry) throws(ArchiveError) in
            var offset = 0
            while offset < contents.count {
                let n = min(Self.chunkSize, contents.count - offset)
                let failure = contents.withUnsafeBytes { raw in
                    writeChunk(h, raw.baseAddress! + offset, n, entry: entry)
                }
                if let failure { throw failure }
                offset += n
            }
        }
    }

    /// Adds a file by streaming `sourcePath` in 256 KiB chunks. Fails if the file changes size
    /// while it is being copied, and refuses a source that is a symbolic link or not a regular
    /// file (packages hold files only; following a link could pull in files from elsewhere).
    public func addFile(path: String, copying sourcePath: String) throws(ArchiveError) {
        let entryName = ZipDisplay.escape(path)
        let shownSource = ZipDisplay.escape(sourcePath)
        let fd = open(sourcePath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else {
            throw .writeFailed(archive: displayName, entry: entryName, reason: "cannot open \(shownSource): \(Platform.errorText())")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw .writeFailed(archive: displayName, entry: entryName, reason: "\(shownSource) is not a regular file")
        }
        let size = Int(st.st_size)
        try add(path: path, size: size) { (h, entry) throws(ArchiveError) in
            var copied = 0
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, Self.chunkSize) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .writeFailed(archive: displayName, entry: entry, reason: "cannot read \(shownSource): \(Platform.errorText())")
                }
                if n == 0 { break }
                if copied + n > size {
                    throw .sourceChanged(archive: displayName, entry: entry, source: shownSource, reason: "grew")
                }
                let failure = buffer.withUnsafeBytes { raw in
                    writeChunk(h, raw.baseAddress!, n, entry: entry)
                }
                if let failure { throw failure }
                copied += n
            }
            if copied != size {
                throw .sourceChanged(archive: displayName, entry: entry, source: shownSource, reason: "shrank")
            }
        }
    }

    /// Finishes the archive, flushes it to disk, renames it over the destination and flushes
    /// the directory.
    public func commit() throws(ArchiveError) {
        guard !finished, let h = handle else { throw .writerFinished(archive: displayName) }
        finished = true
        let name = displayName
        try locale.run { () throws(ArchiveError) in
            guard archive_write_close(h.pointer) == ARCHIVE_OK else {
                throw .writeFailed(archive: name, entry: nil, reason: h.errorString)
            }
        }
        guard fsync(h.fd) == 0 else {
            throw .ioFailed(archive: name, operation: "flushing to disk", reason: Platform.errorText())
        }
        handle = nil
        guard rename(temporaryPath, destination) == 0 else {
            let reason = Platform.errorText()
            unlink(temporaryPath)
            throw .ioFailed(archive: name, operation: "renaming into place", reason: reason)
        }
        let slash = destination.lastIndex(of: "/")
        let directory = slash.map { String(destination[..<$0]) } ?? "."
        let dfd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    // MARK: - Internals

    private func add(
        path: String, size: Int,
        _ writeData: (ArchiveWriteHandle, String) throws(ArchiveError) -> Void
    ) throws(ArchiveError) {
        guard !finished, let h = handle else { throw .writerFinished(archive: displayName) }
        let entryName = ZipDisplay.escape(path)
        switch ZipNameRules.validate(bytes: Array(path.utf8), utf8Flag: true, limits: .default) {
        case .failure(let problem):
            throw .unsafeName(archive: displayName, entry: entryName, problem: problem)
        case .success:
            break
        }
        if path.hasSuffix("/") {
            throw .writeFailed(archive: displayName, entry: entryName, reason: "packages hold files only; a name must not end in '/'")
        }
        // `insert` changes nothing when it reports a conflict.
        switch names.insert(path) {
        case .duplicate?: throw .duplicateName(archive: displayName, entry: entryName)
        case .collides(let other)?:
            throw .collidingNames(archive: displayName, entry: entryName, other: ZipDisplay.escape(other), letterCase: .distinct)
        case .fileFolder(let other)?:
            throw .fileFolderConflict(archive: displayName, entry: entryName, other: ZipDisplay.escape(other))
        case nil: break
        }
        // From here on a failure leaves a half-written entry: the writer is abandoned.
        do throws(ArchiveError) {
            try locale.run { () throws(ArchiveError) in
                let entry = try ArchiveEntryHandle(archive: displayName)
                let e = entry.pointer
                guard archive_entry_update_pathname_utf8(e, path) != 0 else {
                    throw .writeFailed(archive: displayName, entry: entryName, reason: "libarchive cannot store the name")
                }
                archive_entry_set_filetype(e, RLCM_AE_IFREG)
                archive_entry_set_perm(e, 0o644)
                archive_entry_set_uid(e, 0)
                archive_entry_set_gid(e, 0)
                archive_entry_set_size(e, Int64(size))
                guard archive_write_header(h.pointer, e) == ARCHIVE_OK else {
                    throw .writeFailed(archive: displayName, entry: entryName, reason: h.errorString)
                }
                try writeData(h, entryName)
                guard archive_write_finish_entry(h.pointer) == ARCHIVE_OK else {
                    throw .writeFailed(archive: displayName, entry: entryName, reason: h.errorString)
                }
            }
        } catch {
            finished = true
            handle = nil
            unlink(temporaryPath)
            throw error
        }
    }

    private func writeChunk(
        _ h: ArchiveWriteHandle, _ base: UnsafeRawPointer, _ count: Int, entry: String
    ) -> ArchiveError? {
        // libarchive silently truncates data past the declared size: count what it accepted.
        let written = archive_write_data(h.pointer, base, count)
        guard written == count else {
            let reason = written < 0 ? h.errorString : "libarchive accepted \(written) of \(count) bytes"
            return .writeFailed(archive: displayName, entry: entry, reason: reason)
        }
        return nil
    }
}
