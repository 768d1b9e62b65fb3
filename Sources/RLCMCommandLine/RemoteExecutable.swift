import Foundation
import RLCMFormat

/// `rlcm`'s remote stack: `rlcm-remote`, installed beside `rlcm`, run in this process's place with
/// the same arguments, as git runs its `git-*` commands. It inherits the standard streams and the
/// environment, and its exit status is the command's.
package struct RemoteExecutable: RemoteStack {
    /// The executable's file name, next to `rlcm`.
    package static let name = "rlcm-remote"

    package init() {}

    /// Replaces this process with `rlcm-remote`; returns only by throwing, when it cannot.
    func handOver() throws -> Never {
        let path = "\(FileSystem.folder(of: Platform.executablePath))/\(Self.name)"
        guard FileManager.default.isExecutableFile(atPath: path) else { throw RemoteExecutableError.missing(path: path) }
        fflush(nil)  // nothing written so far may be lost or written twice
        let code = Platform.replaceProcess(executable: path, arguments: [path] + CommandLine.arguments.dropFirst())
        throw RemoteExecutableError.notStarted(path: path, detail: Platform.errorText(code))
    }

    package func workspace(named name: String, _ options: RemoteOptions, besides local: WorkspaceOptions) throws -> any RenderedTarget {
        try handOver()
    }
    package func run(_ command: ServeCommand) async throws { try handOver() }
    package func run(_ command: TokenCreateCommand) throws { try handOver() }
    package func run(_ command: TokenListCommand) throws { try handOver() }
    package func run(_ command: TokenRevokeCommand) throws { try handOver() }
    package func run(_ command: RemoteAddCommand) throws { try handOver() }
    package func run(_ command: RemoteListCommand) throws { try handOver() }
    package func run(_ command: RemoteRemoveCommand) throws { try handOver() }
}

/// Why `rlcm` could not hand a command over to `rlcm-remote`.
enum RemoteExecutableError: RLCMError {
    case missing(path: String)
    case notStarted(path: String, detail: String)

    var description: String {
        switch self {
        case .missing(let path):
            return "this command needs \(RemoteExecutable.name) (the server and the HTTP client), which is not installed beside rlcm: "
                + "there is no executable \(path); install \(RemoteExecutable.name) in the folder that holds rlcm"
        case .notStarted(let path, let detail):
            return "cannot run \(path): \(detail)"
        }
    }
}
