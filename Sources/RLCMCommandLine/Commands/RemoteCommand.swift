import ArgumentParser

struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "Name the remote workspaces 'plan', 'import' and 'export' reach with --remote (kept without their tokens).",
        discussion: """
            The remotes are kept in $XDG_CONFIG_HOME/rlcm/remotes.json (else ~/.config/rlcm/remotes.json); \
            the token comes from WORKATO_API_TOKEN or --token-file FILE when a command uses one.
            Examples:
              $ rlcm remote add production eu
              $ rlcm remote add staging https://rlcm.example.com:8443
              $ rlcm remote list
            """,
        subcommands: [RemoteAddCommand.self, RemoteListCommand.self, RemoteRemoveCommand.self])
}
