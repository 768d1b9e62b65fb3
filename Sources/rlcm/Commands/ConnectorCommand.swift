import ArgumentParser
import RLCMKit

struct ConnectorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connector",
        abstract: "Manage the workspace's custom connectors and their versions.",
        subcommands: [ConnectorPushCommand.self, ConnectorReleaseCommand.self, ConnectorListCommand.self, ConnectorShowCommand.self])
}
