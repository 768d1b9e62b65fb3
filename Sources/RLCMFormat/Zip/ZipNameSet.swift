import Foundation

/// Whether names that differ only in letter case are distinct files. The platform writes
/// `Recipes/` beside `recipes/` when a user named two folders so; they land as two folders on a
/// file system that keeps case apart, and would merge into one where it folds case. Names that
/// differ only in Unicode normalisation collide either way: they look identical.
public enum LetterCase: Sendable {
    case distinct
    case folded
}

/// Tracks the names seen so far and refuses duplicates, names that collide after Unicode
/// NFC normalisation (and, where letter case does not keep files apart, case folding), and names
/// used both as a file and as a folder.
struct ZipNameSet {
    enum Conflict: Equatable {
        case duplicate
        case collides(with: String)
        case fileFolder(with: String)
    }

    /// Exact names compared byte for byte (Swift's String equality ignores normalisation).
    private var exact: Set<[UInt8]> = []
    /// Folded full path (without trailing `/`) → the name that introduced it.
    private var folded: [String: String] = [:]
    /// Folded file paths → name.
    private var files: [String: String] = [:]
    /// Folded folder paths (explicit or implied) → the name that introduced it.
    private var folders: [String: String] = [:]
    /// The original spelling of each folded folder, to catch `A/x` next to `a/y`.
    private var folderSpelling: [String: String] = [:]
    private let letterCase: LetterCase

    init(letterCase: LetterCase = .folded) {
        self.letterCase = letterCase
    }

    /// The key under which two names collide.
    private func fold(_ s: String) -> String {
        // ASCII is already NFC, and folds by lowercasing: most names take this way.
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            guard letterCase == .folded else { return s }
            return String(decoding: s.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        let composed = s.precomposedStringWithCanonicalMapping
        guard letterCase == .folded else { return composed }
        return composed.folding(options: [.caseInsensitive], locale: nil).precomposedStringWithCanonicalMapping
    }

    /// Adds a validated name, or returns the conflict and leaves the set unchanged (every
    /// check happens before the first mutation).
    mutating func insert(_ name: String) -> Conflict? {
        if exact.contains(Array(name.utf8)) { return .duplicate }
        let isDirectory = name.hasSuffix("/")
        let bare = isDirectory ? String(name.dropLast()) : name
        let key = fold(bare)
        if isDirectory {
            if let file = files[key] { return .fileFolder(with: file) }
            if let spelled = folderSpelling[key], !spelled.utf8.elementsEqual(bare.utf8), let who = folders[key] {
                return .collides(with: who)
            }
        } else {
            if let other = folded[key] { return .collides(with: other) }
            if let folder = folders[key] { return .fileFolder(with: folder) }
        }
        // Ancestor folders implied by this name.
        let parts = bare.split(separator: "/", omittingEmptySubsequences: false)
        var ancestors: [(String, String)] = []
        if parts.count > 1 {
            var prefix = ""
            for part in parts.dropLast() {
                prefix = prefix.isEmpty ? String(part) : prefix + "/" + part
                let k = fold(prefix)
                if let file = files[k] { return .fileFolder(with: file) }
                if let spelled = folderSpelling[k], !spelled.utf8.elementsEqual(prefix.utf8), let who = folders[k] {
                    return .collides(with: who)
                }
                ancestors.append((k, prefix))
            }
        }
        if isDirectory, folded[key] != nil, folders[key] == nil {
            return .collides(with: folded[key]!)
        }
        exact.insert(Array(name.utf8))
        if folded[key] == nil { folded[key] = name }
        if isDirectory {
            if folders[key] == nil { folders[key] = name; folderSpelling[key] = bare }
        } else {
            files[key] = name
        }
        for (k, spelled) in ancestors where folders[k] == nil {
            folders[k] = name
            folderSpelling[k] = spelled
        }
        return nil
    }
}
