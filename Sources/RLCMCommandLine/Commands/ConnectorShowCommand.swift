import ArgumentParser
import RLCMKit

struct ConnectorShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a connector's versions with their notes, its provider key and the recipes that use it.",
        discussion: """
            Example:
              $ rlcm connector show "Acme ERP" -C sandbox
            """)

    @Argument(help: "The connector's title.")
    var title: String

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try workspace.withSession("connector show") { try $0.showConnector(title: title) })
    }
}
