import ArgumentParser
import RLCMKit

struct WorkspaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace", abstract: "Show or change the workspace's identity: e-mail, data center, SDK access, library.",
        discussion: """
            Example:
              $ rlcm workspace show -C developer
            """,
        subcommands: [WorkspaceShowCommand.self, WorkspaceSetCommand.self])
}
