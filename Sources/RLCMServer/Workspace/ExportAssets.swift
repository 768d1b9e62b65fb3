import Foundation
import RLCMAPI
import RLCMFormat
import RLCMKit

/// What an export of a folder carries, as the API lists it (`folder_assets`) and as a manifest
/// narrows it: the library's selection, never a second set of rules.
extension WorkspaceView {
    /// The export selection of a folder (`rlcm export FOLDER`), or why there is none.
    func selection(folder: String) throws -> ExportSelection {
        try session.exportSelection(folder: folder)
    }

    func folderAssets(_ selection: ExportSelection) throws -> [API.FolderAsset] {
        let ids = try store.ids(kind: Self.assetKind, keys: selection.files.map(\.path))
        var assets = selection.files.compactMap { file -> API.FolderAsset? in
            guard let type = file.type, AssetType.listed.contains(type) else { return nil }
            let folder = Workspace.parent(of: file.zipName)
            return API.FolderAsset(id: ids[file.path]!, name: file.name ?? Self.stem(file.path), type: type, version: nil, folder: folder,
                                   absolutePath: Workspace.parent(of: file.path), rootFolder: false, unreachable: false,
                                   zipName: file.zipName, checked: true, status: "added")
        }
        let connectors = try connectorsByTitle()
        for use in selection.connectors {
            guard let connector = connectors[use.title] else { continue }
            assets.append(API.FolderAsset(id: connector.id, name: connector.title, type: AssetType.customAdapter,
                                          version: connector.releasedVersion, folder: "", absolutePath: "", rootFolder: false,
                                          unreachable: false, zipName: use.zipName, checked: true, status: "added"))
        }
        return assets
    }

    /// The selection a manifest's explicit assets make of its folder: the folder's full selection
    /// with only those assets checked, through the library's manifest rules.
    func selection(folder: String, keeping references: [API.ManifestRequest.Body.AssetReference], manifestId: Int) throws -> ExportSelection {
        let full = try selection(folder: folder)
        var manifest = ExportManifest(selection: full)
        let wanted = Set(references.filter { $0.checked ?? true }.map { "\($0.type == AssetType.customAdapter ? "c" : "f")\($0.id)" })
        let fileIds = try store.ids(kind: Self.assetKind, keys: manifest.assets.compactMap(\.path))
        let connectors = try session.connectors.all()
        for index in manifest.assets.indices {
            let asset = manifest.assets[index]
            let key = asset.path.map { "f\(fileIds[$0]!)" } ?? "c\(connectors.first { $0.title == asset.name }?.id ?? 0)"
            manifest.assets[index].checked = wanted.contains(key)
        }
        // Checked assets outside the folder's reach are added, as `rlcm export --manifest` adds them.
        let listed = Set(manifest.assets.compactMap(\.path))
        for reference in references where (reference.checked ?? true) && reference.type != AssetType.customAdapter {
            guard let path = try store.key(ofId: reference.id, kind: Self.assetKind), !listed.contains(path) else { continue }
            let project = Self.project(of: folder) ?? ""
            let zipName = path.hasPrefix("\(project)/") ? String(path.dropFirst(project.count + 1)) : path
            manifest.assets.append(.init(type: reference.type, name: nil, path: path, zipName: zipName, checked: true, dependency: true))
        }
        return try session.exportSelection(manifest: manifest, source: "export manifest \(manifestId)")
    }
}
