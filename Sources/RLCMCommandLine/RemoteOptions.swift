import ArgumentParser

/// `--remote NAME` and how to reach it: `plan`, `import` and `export` work on a remote workspace
/// through the Developer API instead of a folder when it is given.
package struct RemoteOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Work on the remote workspace NAME (see 'rlcm remote list') through the Developer API instead of a folder.",
                               valueName: "NAME"))
    package var remote: String?

    @Option(name: .customLong("token-file"),
            help: ArgumentHelp("Read the API token from FILE (mode 0600) instead of WORKATO_API_TOKEN.", valueName: "FILE"))
    package var tokenFile: String?

    @Option(help: ArgumentHelp("Seconds to wait for a connection, and for an answer that has gone silent.", valueName: "SECONDS"))
    package var timeout: Int = 60

    package init() {}

    package func validate() throws {
        if remote == nil && tokenFile != nil { throw ValidationError("--token-file is for --remote NAME") }
        guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
    }
}
