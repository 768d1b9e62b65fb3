import RLCMFormat

/// The workspace as folders and files, for listing it through an API: every folder below the
/// root and every file in them, workspace-relative, hidden ones excepted.
///
/// A catalog can be kept between uses (`rlcm serve` keeps one for its life) and brought up to
/// date by `refresh`, which costs a `stat` of each folder and lists again only the folders whose
/// stamp changed: adding, removing or renaming a file or folder changes the stamp of the folder
/// holding it, and an edit inside a file changes nothing a catalog holds. A folder changed in the
/// same tick of the file clock as it was listed keeps its stamp, so a listing is trusted only once
/// its folder's stamp is settled (`FileSystem.Stamp.isSettled`).
public struct WorkspaceCatalog: Sendable {
    /// A file or folder of a folder's listing.
    struct Entry: Equatable, Sendable {
        var name: String
        var isFolder: Bool
    }

    /// One folder's listing, with the stamp the folder had before it was read.
    private struct Listing: Sendable {
        var stamp: FileSystem.Stamp
        /// The folder's stamp was settled when it was listed: a later change gives it another
        /// stamp. An unsettled listing is read again at the next refresh.
        var settled: Bool
        var entries: [Entry]
    }

    /// Every folder, parents before their children.
    public private(set) var folders: [String] = []
    /// Every file, in the order of a walk (by folder, names sorted).
    public private(set) var files: [String] = []
    /// Changes whenever `folders` or `files` change: what is derived from them holds while it does not.
    public private(set) var generation = 0

    /// Folder (`""` for the root) → its listing.
    private var listings: [String: Listing] = [:]

    /// An empty catalog, which the first `refresh` fills.
    public init() {}

    /// Brings the catalog up to date with the workspace of `session` (under whose lock no change is
    /// half made), listing again only the folders whose stamps changed or that were listed too
    /// soon after a change. Returns whether the folders or files changed.
    @discardableResult
    public mutating func refresh(in session: WorkspaceSession) throws -> Bool {
        let workspace = session.workspace
        var current: [String: Listing] = [:]
        var changed = false
        func visit(_ folder: String) throws {
            let absolute = workspace.path(folder)
            guard let stamp = FileSystem.folderStamp(absolute) else { return }
            var listing = listings[folder]
            if listing == nil || listing?.settled != true || listing?.stamp != stamp {
                let now = FileSystem.fileTimeNow()
                let entries = try WorkspaceScanner.entries(of: absolute)
                changed = changed || entries != listing?.entries
                listing = Listing(stamp: stamp, settled: stamp.isSettled(now: now), entries: entries)
            }
            current[folder] = listing
            for entry in listing!.entries where entry.isFolder { try visit(Self.join(folder, entry.name)) }
        }
        try visit("")
        // A folder gone shows in its parent's listing, unless the root itself went.
        changed = changed || current.count != listings.count
        listings = current
        guard changed else { return false }
        (folders, files) = ([], [])
        func collect(_ folder: String) {
            for entry in listings[folder]?.entries ?? [] {
                let path = Self.join(folder, entry.name)
                if !entry.isFolder {
                    files.append(path)
                } else if listings[path] != nil {
                    folders.append(path)
                    collect(path)
                }
            }
        }
        collect("")
        generation += 1
        return true
    }

    private static func join(_ folder: String, _ name: String) -> String { folder.isEmpty ? name : "\(folder)/\(name)" }
}
