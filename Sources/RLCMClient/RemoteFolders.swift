import Foundation
import RLCMAPI
import RLCMKit

/// The remote's folders as paths (`Order Sync/orders`), read through `GET /api/folders`, which
/// lists one folder's children at a time (the top level when no `parent_id` is given).
struct FolderTree: Sendable {
    /// Folder id → workspace-relative path (`""` for the root).
    var paths: [Int: String]
    let rootId: Int

    /// Every folder, level by level.
    static func read(_ connection: APIConnection, rootId: Int, status: (any StatusSink)?) async throws -> FolderTree {
        var tree = FolderTree(paths: [rootId: ""], rootId: rootId)
        var level: [(id: Int?, path: String)] = [(nil, "")]
        while !level.isEmpty {
            var next: [(id: Int?, path: String)] = []
            for (id, path) in level {
                for folder in try await connection.children(of: id) where tree.paths[folder.id] == nil {
                    let child = path.isEmpty ? folder.name : "\(path)/\(folder.name)"
                    tree.paths[folder.id] = child
                    next.append((folder.id, child))
                }
                status?.show("reading folders: \(tree.paths.count - 1)")
            }
            level = next
        }
        return tree
    }

    /// The top-level folders: the projects.
    var projects: [String] { paths.values.filter { !$0.isEmpty && !$0.contains("/") }.sorted() }

    func id(of path: String) -> Int? { paths.first { $0.value == path }?.key }

    /// The folders below `id`, not `id` itself.
    func descendants(of id: Int) -> [Int] {
        guard let path = paths[id] else { return [] }
        let prefix = path.isEmpty ? "" : "\(path)/"
        return paths.filter { $0.key != id && $0.value.hasPrefix(prefix) }.map(\.key)
    }

    func children(of id: Int) -> [Int] {
        guard let path = paths[id] else { return [] }
        return paths.filter { $0.key != id && Workspace.parent(of: $0.value) == path && !$0.value.isEmpty }.map(\.key).sorted()
    }
}

extension APIConnection {
    /// The folders directly inside `parent` (the top level for nil), every page of them.
    func children(of parent: Int?) async throws -> [API.Folder] {
        try await pages("/api/folders", query: parent.map { [("parent_id", String($0))] } ?? []) {
            try JSONDecoder().decode([API.Folder].self, from: $0)
        }
    }

    /// The id of the folder at `path` (`Order Sync/orders`), walking down from the top level;
    /// nil when some folder on the way does not exist.
    func folderId(of path: String) async throws -> Int? {
        var parent: Int?
        for name in path.split(separator: "/").map(String.init) {
            guard let folder = try await children(of: parent).first(where: { $0.name == name }) else { return nil }
            parent = folder.id
        }
        return parent
    }
}
