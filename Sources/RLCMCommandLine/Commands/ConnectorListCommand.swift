import ArgumentParser
import RLCMKit

struct ConnectorListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the workspace's custom connectors.",
        discussion: """
            Example:
              $ rlcm connector list -C sandbox
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try workspace.withSession("connector list") { try $0.listConnectors() })
    }
}
