import Foundation
import RLCMKit

/// The one place that decides how rlcm's errors end the process.
enum ExitCodes {
    /// 1 for every problem rlcm reports itself; nil leaves argument errors to ArgumentParser (exit 64).
    static func code(for error: Error) -> Int32? {
        switch error {
        case is WorkspaceError, is ConnectorError, is SharingError, is ExportError, is JSONError, is ArchiveError, is FileSystem.Failure:
            return 1
        default:
            return error is LocalizedError ? 1 : nil
        }
    }

    static func message(for error: Error) -> String {
        String(describing: error)
    }
}
