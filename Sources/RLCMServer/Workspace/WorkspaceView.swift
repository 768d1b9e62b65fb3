import Foundation
import RLCMAPI
import RLCMFormat
import RLCMKit

/// The workspace as the API shows it, read under the shared workspace lock: the root folder, each
/// top-level folder a project with its folder, subfolders as folders, files as assets, each with
/// its stable integer id. Its catalog is the server's kept one (`ListingIndex`), brought up to date
/// when the view is made.
struct WorkspaceView {
    static let folderKind = "folder"
    static let assetKind = "asset"

    let session: WorkspaceSession
    let index: ListingIndex
    let catalog: WorkspaceCatalog
    /// Folder path (`""` for the root) → id.
    let folderIds: [String: Int]

    init(session: WorkspaceSession, index: ListingIndex) throws {
        self.session = session
        self.index = index
        (catalog, folderIds) = try index.current(session)
    }

    var store: ServerStore { index.store }

    var workspace: Workspace { session.workspace }
    var rootFolderId: Int { folderIds[""]! }

    // MARK: - Folders

    /// The folder an id names, or 404.
    func folder(id: Int) throws -> String {
        guard let path = try store.key(ofId: id, kind: Self.folderKind), folderIds[path] != nil else { throw APIError.notFound }
        return path
    }

    static func name(of path: String) -> String { path.split(separator: "/").last.map(String.init) ?? "" }

    /// The project a path lies in (its first component), nil for the root.
    static func project(of path: String) -> String? { path.split(separator: "/").first.map(String.init) }

    func apiFolder(_ path: String) -> API.Folder {
        let updated = Self.modified(workspace.path(path)).map(APIJSON.timestamp) ?? workspace.settings.createdAt
        let created = min(store.creationTime(kind: Self.folderKind, key: path) ?? updated, updated)
        return API.Folder(id: folderIds[path]!, name: path.isEmpty ? workspace.settings.name : Self.name(of: path),
                          parentId: path.isEmpty ? nil : folderIds[Workspace.parent(of: path)], isProject: !path.isEmpty && !path.contains("/"),
                          projectId: Self.project(of: path).flatMap { folderIds[$0] }, createdAt: created, updatedAt: updated)
    }

    /// Projects: the top-level folders; a project's id is its folder's id, as on the platform
    /// for projects made with a folder.
    var projects: [API.Project] {
        catalog.folders.filter { !$0.contains("/") }.map { API.Project(id: folderIds[$0]!, name: $0, folderId: folderIds[$0]!, description: nil) }
            .sorted { $0.id < $1.id }
    }

    /// The project an id names (a project's id is its folder's), or 404.
    func project(id: Int) throws -> String {
        let path = try folder(id: id)
        guard !path.isEmpty, !path.contains("/") else { throw APIError.notFound }
        return path
    }

    func childFolders(of parent: String) -> [API.Folder] {
        catalog.folders.filter { Workspace.parent(of: $0) == parent }.map(apiFolder).sorted { $0.id < $1.id }
    }

    // MARK: - Files

    /// The files of `type` with their ids, newest (highest id) first: all of them, or those in
    /// `folder` and its subfolders.
    func files(ofType type: AssetType, in folder: String? = nil) throws -> [(path: String, id: Int)] {
        try index.files(ofType: type, in: folder, of: catalog)
    }

    /// The file an id names, when it is of `type`; else 404.
    func file(id: Int, type: AssetType) throws -> String {
        guard let path = try store.key(ofId: id, kind: Self.assetKind), AssetType.of(path) == type,
              FileSystem.isRegularFile(workspace.path(path)) else { throw APIError.notFound }
        return path
    }

    /// When the file or folder last changed: what the API reports as `updated_at`.
    static func modified(_ path: String) -> Date? {
        (FileSystem.stamp(path) ?? FileSystem.folderStamp(path)).map { Date(timeIntervalSince1970: Double($0.modified) / 1_000_000_000) }
    }

    func document(_ path: String) throws -> JSONObject {
        try JSONParser.parse(try FileSystem.read(workspace.path(path)), file: path).objectValue ?? JSONObject()
    }

    func timestamps(_ path: String) throws -> (created: String, updated: String) {
        let updated = Self.modified(workspace.path(path)).map(APIJSON.timestamp) ?? workspace.settings.createdAt
        return (min(store.creationTime(kind: Self.assetKind, key: path) ?? updated, updated), updated)
    }
}
