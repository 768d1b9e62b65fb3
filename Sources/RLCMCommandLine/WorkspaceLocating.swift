import Foundation
import RLCMKit

extension WorkspaceOptions {
    /// The workspace the options name, without taking its lock: for commands that keep state of
    /// their own (the server and its tokens).
    package func located() throws -> Workspace {
        try workspace.map { try Workspace(root: $0) } ?? Workspace.discover(from: FileManager.default.currentDirectoryPath)
    }
}
