import RLCMFormat
import RLCMKit
import Synchronization

/// What the list endpoints answer from, kept for the server's life rather than walked again for
/// every request: the library's `WorkspaceCatalog`, brought up to date under each request's
/// workspace lock (a `stat` of each folder; only folders whose stamp changed are listed again),
/// and what is derived from it once a generation of the catalog: the folders' ids, and each
/// type's files with their ids, newest first. A page then reads only its own files.
///
/// A change made through the server refreshes the catalog before the workspace lock is let go;
/// one made by anything else (an editor, `rlcm import`, git) is found by the stamps at the next
/// request. Ids are given when a listing first needs them, as before the catalog was kept.
final class ListingIndex: Sendable {
    private struct Kept {
        var catalog = WorkspaceCatalog()
        /// The catalog generation `folderIds` and `files` were derived for.
        var generation = -1
        var folderIds: [String: Int]?
        var files: [FilesKey: [(path: String, id: Int)]] = [:]
    }

    private struct FilesKey: Hashable {
        var type: AssetType
        var folder: String?
    }

    let store: ServerStore
    private let kept = Mutex(Kept())

    init(store: ServerStore) {
        self.store = store
    }

    /// Brings the catalog up to date with a change just made under `session`'s lock.
    func refresh(_ session: WorkspaceSession) throws {
        try kept.withLock { kept in _ = try kept.catalog.refresh(in: session) }
    }

    /// The catalog as it is now, and the ids of its folders (`""`, the root, among them).
    func current(_ session: WorkspaceSession) throws -> (catalog: WorkspaceCatalog, folderIds: [String: Int]) {
        try kept.withLock { kept in
            try kept.catalog.refresh(in: session)
            if kept.generation != kept.catalog.generation {
                kept.generation = kept.catalog.generation
                kept.folderIds = nil
                kept.files = [:]
            }
            let folderIds = try kept.folderIds ?? store.ids(kind: WorkspaceView.folderKind, keys: [""] + kept.catalog.folders)
            kept.folderIds = folderIds
            return (kept.catalog, folderIds)
        }
    }

    /// The files of `type` in `catalog`, all of them or those in `folder` and its subfolders, with
    /// their ids, newest (highest id) first.
    func files(ofType type: AssetType, in folder: String?, of catalog: WorkspaceCatalog) throws -> [(path: String, id: Int)] {
        let key = FilesKey(type: type, folder: folder)
        return try kept.withLock { kept in
            let current = kept.generation == catalog.generation
            if current, let files = kept.files[key] { return files }
            let prefix = folder.map { $0.isEmpty ? "" : "\($0)/" }
            let paths = catalog.files.filter { AssetType.of($0) == type && (prefix.map($0.hasPrefix) ?? true) }
            let ids = try store.ids(kind: WorkspaceView.assetKind, keys: paths)
            let files = paths.map { (path: $0, id: ids[$0]!) }.sorted { $0.id > $1.id }
            if current { kept.files[key] = files }
            return files
        }
    }
}
