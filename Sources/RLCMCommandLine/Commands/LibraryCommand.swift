import ArgumentParser
import Foundation
import RLCMKit

struct LibraryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "library", abstract: "Create a connector library, review its community listings and search them.",
        discussion: """
            Examples:
              $ rlcm library init library
              $ rlcm library search invoices --library library
            """,
        subcommands: [LibraryInitCommand.self, LibraryReviewCommand.self, LibrarySearchCommand.self])
}

extension LibraryOptions {
    /// The library named by --library, else the one of the workspace enclosing the current folder:
    /// reviewers and searchers need no workspace of their own.
    func open() throws -> FolderLibrary {
        let environment = RunEnvironment.fromProcess()
        if let path { return try FolderLibrary(path: path, environment: environment) }
        guard let workspace = try? Workspace.discover(from: FileManager.default.currentDirectoryPath),
              let configured = workspace.settings.library else { throw SharingError.noLibraryConfigured }
        return try FolderLibrary(path: configured, environment: environment)
    }
}
