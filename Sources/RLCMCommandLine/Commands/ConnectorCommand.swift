import ArgumentParser
import RLCMKit

struct ConnectorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connector",
        abstract: "Manage the workspace's custom connectors and their versions.",
        discussion: """
            Examples:
              $ rlcm connector list -C sandbox
              $ rlcm connector show "Acme ERP" -C sandbox
            """,
        subcommands: [ConnectorPushCommand.self, ConnectorReleaseCommand.self, ConnectorListCommand.self, ConnectorShowCommand.self,
                      ConnectorShareCommand.self, ConnectorVisibilityCommand.self, ConnectorLinkCommand.self, ConnectorAccessCommand.self,
                      ConnectorInstallCommand.self, ConnectorUpdatesCommand.self, ConnectorUpdateCommand.self,
                      ConnectorPublishCommand.self, ConnectorUnpublishCommand.self])
}
