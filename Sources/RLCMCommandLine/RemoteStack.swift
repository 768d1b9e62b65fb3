import ArgumentParser

/// What needs the server (`rlcm serve` and its API tokens) or the HTTP client (`--remote NAME`
/// and the remotes file). Only `rlcm-remote` links those stacks; `rlcm` links neither, so that the
/// commands on folders and packages start without loading them, and its stack runs `rlcm-remote`
/// in its place (`RemoteExecutable`). The commands are declared once, here, so both executables
/// parse and explain them alike.
package protocol RemoteStack: Sendable {
    /// The remote workspace `--remote NAME` names, its token read and its URL checked.
    func workspace(named name: String, _ options: RemoteOptions, besides local: WorkspaceOptions) throws -> any RenderedTarget
    func run(_ command: ServeCommand) async throws
    func run(_ command: TokenCreateCommand) throws
    func run(_ command: TokenListCommand) throws
    func run(_ command: TokenRevokeCommand) throws
    func run(_ command: RemoteAddCommand) throws
    func run(_ command: RemoteListCommand) throws
    func run(_ command: RemoteRemoveCommand) throws
}

package enum RemoteStacks {
    /// The stack of this run, set by the executable's `main` for the whole command.
    @TaskLocal package static var current: any RemoteStack = RemoteExecutable()
}
