import ArgumentParser
import RLCMKit

struct ConnectorReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release a connector's latest version (every recipe using it then runs it).",
        discussion: """
            Example:
              $ rlcm connector release "Acme ERP" -C scratch
            """)

    @Argument(help: "The connector's title.")
    var title: String

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try workspace.withSession("connector release") { try $0.releaseConnector(title: title) })
    }
}
