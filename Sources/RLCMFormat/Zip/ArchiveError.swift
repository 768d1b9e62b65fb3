import Foundation

/// Why a name inside a package is not acceptable. Shared by the reader (names found in a
/// package) and the writer (names the caller asks to add).
public enum ZipNameProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case absolute
    case parentComponent
    case currentComponent
    case emptyComponent
    case backslash
    case driveLetter
    case uncPrefix
    case controlCharacter
    case invalidUTF8
    case notUTF8WithoutFlag
    case tooLong(bytes: Int, limit: Int)
    case componentTooLong(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .empty: "the name is empty"
        case .absolute: "the name starts with '/'; packages may only name files inside the package"
        case .parentComponent: "the name contains '..'; packages may only name files inside the package"
        case .currentComponent: "the name contains a '.' component; names must not contain '.' or '..' folders"
        case .emptyComponent: "the name contains an empty folder ('//'); names must not contain empty components"
        case .backslash: "the name contains a backslash; packages must use '/' as the folder separator"
        case .driveLetter: "the name starts with a drive letter; packages may only name files inside the package"
        case .uncPrefix: "the name starts with '//' (a network path); packages may only name files inside the package"
        case .controlCharacter: "the name contains a control character"
        case .invalidUTF8: "the name is marked as UTF-8 but is not valid UTF-8"
        case .notUTF8WithoutFlag:
            "the name is not valid UTF-8 and is not marked as UTF-8, so its encoding is unknown; re-create the package with UTF-8 names"
        case .tooLong(let bytes, let limit): "the name is \(bytes) bytes long; the limit is \(limit) bytes"
        case .componentTooLong(let bytes, let limit):
            "a component of the name is \(bytes) bytes long; the limit is \(limit) bytes"
        }
    }
}

/// Everything that can go wrong reading or writing a package zip. Every description is a
/// sentence that names the archive file and, where there is one, the entry; names are shown
/// escaped (see `ZipDisplay`), so a hostile name cannot hide or reorder text.
public enum ArchiveError: RLCMError, Equatable, Sendable {
    // Opening and I/O.
    case cannotOpen(archive: String, reason: String)
    case ioFailed(archive: String, operation: String, reason: String)
    case archiveTooLarge(archive: String, bytes: Int, limit: Int)
    // Not a zip / broken structure.
    case notAZip(archive: String, reason: String)
    case truncated(archive: String, reason: String)
    case malformed(archive: String, entry: String?, reason: String)
    case prefixedData(archive: String, bytes: Int)
    case trailingData(archive: String, bytes: Int)
    case gap(archive: String, entry: String?, bytes: Int)
    case overlapping(archive: String, entry: String, other: String)
    case headerMismatch(archive: String, entry: String, field: String)
    // Names.
    case unsafeName(archive: String, entry: String, problem: ZipNameProblem)
    case duplicateName(archive: String, entry: String)
    /// `letterCase`: whether the names were compared with letter case folded (the target keeps
    /// case apart: only Unicode normalisation made them collide).
    case collidingNames(archive: String, entry: String, other: String, letterCase: LetterCase)
    case fileFolderConflict(archive: String, entry: String, other: String)
    // Entry kinds.
    case unsupportedEntryType(archive: String, entry: String, type: String)
    case encrypted(archive: String, entry: String)
    case unsupportedCompression(archive: String, entry: String, method: Int)
    // Bombs and limits.
    case tooManyEntries(archive: String, count: Int, limit: Int)
    case entryTooLarge(archive: String, entry: String, bytes: Int, limit: Int)
    case totalTooLarge(archive: String, entry: String, bytes: Int, limit: Int)
    case compressionRatioTooHigh(archive: String, entry: String, ratio: Int, limit: Int)
    // Data pass.
    case dataLongerThanDeclared(archive: String, entry: String, declared: Int)
    case dataShorterThanDeclared(archive: String, entry: String, declared: Int, actual: Int)
    case checksumMismatch(archive: String, entry: String)
    case corruptData(archive: String, entry: String, reason: String)
    // Writer.
    case writeFailed(archive: String, entry: String?, reason: String)
    case sourceChanged(archive: String, entry: String, source: String, reason: String)
    case writerFinished(archive: String)

    public var description: String {
        switch self {
        case .cannotOpen(let a, let reason):
            return "package \(q(a)): cannot be opened: \(reason)"
        case .ioFailed(let a, let op, let reason):
            return "package \(q(a)): \(op) failed: \(reason)"
        case .archiveTooLarge(let a, let bytes, let limit):
            return "package \(q(a)): the file is \(bytes) bytes; packages may be at most \(limit) bytes"
        case .notAZip(let a, let reason):
            return "package \(q(a)): not a zip file (\(reason)); packages must be zip files"
        case .truncated(let a, let reason):
            return "package \(q(a)): the file is truncated or damaged (\(reason)); download or export it again"
        case .malformed(let a, let e?, let reason):
            return "package \(q(a)), entry \(q(e)): the zip structure is damaged: \(reason)"
        case .malformed(let a, nil, let reason):
            return "package \(q(a)): the zip structure is damaged: \(reason)"
        case .prefixedData(let a, let bytes):
            return "package \(q(a)): \(bytes) bytes of unknown data come before the first entry (a self-extracting stub or a prefix); packages must be plain zip files"
        case .trailingData(let a, let bytes):
            return "package \(q(a)): \(bytes) bytes of unknown data follow the end of the zip; packages must be plain zip files"
        case .gap(let a, let e?, let bytes):
            return "package \(q(a)), entry \(q(e)): \(bytes) bytes of unaccounted data come before this entry; packages must not hide data between entries"
        case .gap(let a, nil, let bytes):
            return "package \(q(a)): \(bytes) bytes of unaccounted data come before the central directory; packages must not hide data between entries"
        case .overlapping(let a, let e, let other):
            return "package \(q(a)), entry \(q(e)): its data overlaps \(other == "" ? "the central directory" : "entry " + q(other)); overlapping entries are a zip-bomb technique and are refused"
        case .headerMismatch(let a, let e, let field):
            return "package \(q(a)), entry \(q(e)): the local header and the central directory disagree about the \(field); the package is damaged or forged"
        case .unsafeName(let a, let e, let problem):
            return "package \(q(a)), entry \(q(e)): \(problem)"
        case .duplicateName(let a, let e):
            return "package \(q(a)), entry \(q(e)): the name appears more than once; names must be unique"
        case .collidingNames(let a, let e, let other, .folded):
            return "package \(q(a)), entry \(q(e)): the name collides with entry \(q(other)) when letter case and Unicode normalisation are ignored, as the target file system ignores letter case; names must differ by more than that"
        case .collidingNames(let a, let e, let other, .distinct):
            return "package \(q(a)), entry \(q(e)): the name collides with entry \(q(other)): they differ only in Unicode normalisation, so they look identical; names must differ by more than that"
        case .fileFolderConflict(let a, let e, let other):
            return "package \(q(a)), entry \(q(e)): the name is used both as a file and as a folder (see entry \(q(other))); a name can only be one of them"
        case .unsupportedEntryType(let a, let e, let type):
            return "package \(q(a)), entry \(q(e)): the entry is a \(type); packages may only contain regular files and folders"
        case .encrypted(let a, let e):
            return "package \(q(a)), entry \(q(e)): the entry is encrypted; packages must not be encrypted"
        case .unsupportedCompression(let a, let e, let method):
            return "package \(q(a)), entry \(q(e)): compression method \(method) is not supported; packages must use Deflate (8) or no compression (0)"
        case .tooManyEntries(let a, let count, let limit):
            return "package \(q(a)): it declares \(count) entries; the limit is \(limit)"
        case .entryTooLarge(let a, let e, let bytes, let limit):
            return "package \(q(a)), entry \(q(e)): it expands to \(bytes) bytes; the limit per file is \(limit) bytes"
        case .totalTooLarge(let a, let e, let bytes, let limit):
            return "package \(q(a)), entry \(q(e)): with this entry the package expands to \(bytes) bytes; the limit is \(limit) bytes"
        case .compressionRatioTooHigh(let a, let e, let ratio, let limit):
            return "package \(q(a)), entry \(q(e)): it is compressed \(ratio) to 1; more than \(limit) to 1 is treated as a zip bomb and refused"
        case .dataLongerThanDeclared(let a, let e, let declared):
            return "package \(q(a)), entry \(q(e)): its data is longer than the \(declared) bytes its header declares; the package is damaged or forged"
        case .dataShorterThanDeclared(let a, let e, let declared, let actual):
            return "package \(q(a)), entry \(q(e)): its data is \(actual) bytes, shorter than the \(declared) bytes its header declares; the package is damaged or forged"
        case .checksumMismatch(let a, let e):
            return "package \(q(a)), entry \(q(e)): the data does not match its CRC-32 checksum; the package is damaged"
        case .corruptData(let a, let e, let reason):
            return "package \(q(a)), entry \(q(e)): the data cannot be read: \(reason); the package is damaged"
        case .writeFailed(let a, let e?, let reason):
            return "package \(q(a)), entry \(q(e)): cannot be written: \(reason)"
        case .writeFailed(let a, nil, let reason):
            return "package \(q(a)): cannot be written: \(reason)"
        case .sourceChanged(let a, let e, let source, let reason):
            return "package \(q(a)), entry \(q(e)): the file \(q(source)) \(reason) while it was being copied; export again when nothing is writing to it"
        case .writerFinished(let a):
            return "package \(q(a)): the package was already committed or abandoned after an error; start a new export"
        }
    }


    private func q(_ s: String) -> String { "'\(s)'" }
}
