import ArgumentParser
import RLCMKit

struct ConnectorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connector",
        abstract: "Manage the workspace's custom connectors and their versions.",
        subcommands: [ConnectorPushCommand.self, ConnectorReleaseCommand.self, ConnectorListCommand.self, ConnectorShowCommand.self,
                      ConnectorShareCommand.self, ConnectorVisibilityCommand.self, ConnectorLinkCommand.self, ConnectorAccessCommand.self,
                      ConnectorInstallCommand.self, ConnectorUpdatesCommand.self, ConnectorUpdateCommand.self,
                      ConnectorPublishCommand.self, ConnectorUnpublishCommand.self])
}
