import Foundation
import RLCMFormat

/// The settings `rlcm workspace set` changes.
public enum WorkspaceSettingKey: String, CaseIterable, Sendable {
    case email, dataCenter = "data-center", sdkAccess = "sdk-access", library, undoKept = "undo-kept"
}

extension WorkspaceSession {
    public func showWorkspace() -> WorkspaceIdentityReport {
        WorkspaceIdentityReport(root: workspace.root, settings: workspace.settings)
    }

    /// Changes one setting after checking the value: an e-mail must be valid, a library must exist.
    public func setWorkspace(_ key: WorkspaceSettingKey, to value: String) throws -> WorkspaceIdentityReport {
        var settings = workspace.settings
        switch key {
        case .email:
            try EmailAddress.validate([value])
            settings.email = value
        case .dataCenter:
            guard let center = DataCenter(rawValue: value) else {
                throw WorkspaceError.invalidValue(option: key.rawValue, value: value, allowed: DataCenter.allCases.map(\.rawValue))
            }
            settings.dataCenter = center
        case .sdkAccess:
            guard let access = SDKAccess(rawValue: value) else {
                throw WorkspaceError.invalidValue(option: key.rawValue, value: value, allowed: SDKAccess.allCases.map(\.rawValue))
            }
            settings.sdkAccess = access
        case .library:
            settings.library = try FolderLibrary(path: value, environment: environment).root
        case .undoKept:
            guard let count = Int(value), count >= 1 else {
                throw WorkspaceError.invalidValue(option: key.rawValue, value: value, allowed: ["a whole number of records, 1 or more"])
            }
            settings.undoKept = count
        }
        let transaction = try transaction()
        try transaction.write("\(Workspace.stateFolderName)/workspace.json", try StateCoding.encode(settings))
        try transaction.commit()
        return WorkspaceIdentityReport(root: workspace.root, settings: settings)
    }

    /// The library named on the command line, else the workspace's own.
    public func library(_ override: String?) throws -> any Library {
        guard let path = override ?? workspace.settings.library else { throw SharingError.noLibraryConfigured }
        return try FolderLibrary(path: path, environment: environment)
    }
}
