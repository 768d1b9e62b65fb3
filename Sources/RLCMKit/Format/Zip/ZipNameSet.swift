import Foundation

/// Tracks the names seen so far and refuses duplicates, names that collide after Unicode
/// NFC normalisation and case folding, and names used both as a file and as a folder.
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

    static func fold(_ s: String) -> String {
        // ASCII is already NFC, and folds by lowercasing: most names take this way.
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: s.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return s.precomposedStringWithCanonicalMapping.folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCanonicalMapping
    }

    /// Adds a validated name, or returns the conflict and leaves the set unchanged (every
    /// check happens before the first mutation).
    mutating func insert(_ name: String) -> Conflict? {
        if exact.contains(Array(name.utf8)) { return .duplicate }
        let isDirectory = name.hasSuffix("/")
        let bare = isDirectory ? String(name.dropLast()) : name
        let key = Self.fold(bare)
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
                let k = Self.fold(prefix)
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
