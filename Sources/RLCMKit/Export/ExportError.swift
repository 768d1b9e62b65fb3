import Foundation
import RLCMFormat

/// Why an export (or the manifest behind it) could not be written.
public enum ExportError: RLCMError, Equatable {
    /// The folder, and the projects there are (none known: an empty list).
    case folderNotFound(String, projects: [String])
    case notInsideProject(String)
    case unresolvedReferences([UnresolvedReference])
    case connectorNotReleased(connector: String, usedBy: [String])
    case connectorPathConflict(zipName: String, connectors: [String])
    /// Entries with one name, and what they come from.
    case entryNameConflict(zipNames: [String], sources: [String])
    case unreadableAsset(path: String, detail: String)
    case manifestAssetMissing(manifest: String, jsonPath: String, path: String)
    case emptySelection(String)

    public var description: String {
        switch self {
        case .folderNotFound(let folder, let projects):
            let project = String(folder.split(separator: "/").first ?? "")
            let near = projects.contains(project) ? [] : EditDistance.nearest(project, among: projects)
            let known = projects.isEmpty ? "" : "; its projects are \(projects.map { "'\($0)'" }.joined(separator: ", "))"
                + (near.isEmpty ? "" : " (did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?)")
            return "folder '\(folder)' does not exist in the workspace\(known); give a folder relative to the workspace root"
        case .notInsideProject(let folder):
            return "'\(folder)' is not a project or a folder inside one; export a top-level folder of the workspace or a folder below it"
        case .unresolvedReferences(let references):
            let lines = references.map { "  \($0)" }.joined(separator: "\n")
            return "\(references.count) reference\(references.count == 1 ? "" : "s") resolve to nothing (use --allow-unresolved to export anyway):\n\(lines)"
        case .connectorNotReleased(let connector, let usedBy):
            return "custom connector '\(connector)' has no released version, but \(usedBy.joined(separator: ", ")) use\(usedBy.count == 1 ? "s" : "") it; release a version with 'rlcm connector release \"\(connector)\"'"
        case .connectorPathConflict(let zipName, let connectors):
            return "connectors \(connectors.map { "'\($0)'" }.joined(separator: " and ")) would both be written as '\(zipName)'; make their connections name different custom_adapter files"
        case .entryNameConflict(let zipNames, let sources):
            let hint = sources.contains { $0.hasPrefix("custom connector") } ? " (custom connectors belong in the connector store, not in the tree: 'rlcm connector push')" : ""
            return "\(sources.joined(separator: " and ")) would \(sources.count == 2 ? "both" : "all") be written as package entry \(zipNames.map { "'\($0)'" }.joined(separator: " / ")); rename or remove one\(hint)"
        case .unreadableAsset(let path, let detail):
            return "'\(path)': \(detail)"
        case .manifestAssetMissing(let manifest, let jsonPath, let path):
            return "manifest '\(manifest)' \(jsonPath): '\(path)' does not exist in the workspace"
        case .emptySelection(let what):
            return "nothing to export: \(what) holds no assets"
        }
    }
}
