import ArgumentParser
import RLCMClient
import RLCMKit

/// `--remote NAME` and how to reach it: `plan`, `import` and `export` work on a remote workspace
/// through the Developer API instead of a folder when it is given.
struct RemoteOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Work on the remote workspace NAME (see 'rlcm remote list') through the Developer API instead of a folder.",
                               valueName: "NAME"))
    var remote: String?

    @Option(name: .customLong("token-file"),
            help: ArgumentHelp("Read the API token from FILE (mode 0600) instead of WORKATO_API_TOKEN.", valueName: "FILE"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("Seconds to wait for a connection, and for an answer that has gone silent.", valueName: "SECONDS"))
    var timeout: Int = 60

    func validate() throws {
        if remote == nil && tokenFile != nil { throw ValidationError("--token-file is for --remote NAME") }
        guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
    }

    /// The remote workspace asked for (nil: work on a folder), its token read and its URL checked;
    /// its waits drawn on stderr when that is a terminal.
    func workspace(besides local: WorkspaceOptions) throws -> RemoteWorkspace? {
        guard let remote else { return nil }
        if local.workspace != nil { throw ValidationError("-C names a local workspace and --remote a remote one: give one of them") }
        return RemoteWorkspace(remote: try RemoteConfig().remote(named: remote), token: try APIToken.load(tokenFile: tokenFile), timeout: timeout,
                               environment: local.environment, status: StatusLine.standardError)
    }
}
