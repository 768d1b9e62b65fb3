import ArgumentParser
import RLCMKit

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and revoke the API tokens 'rlcm serve' accepts (kept only as hashes).",
        discussion: """
            Examples:
              $ rlcm token create ci -C production
              $ rlcm token list -C production
            """,
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self])
}
