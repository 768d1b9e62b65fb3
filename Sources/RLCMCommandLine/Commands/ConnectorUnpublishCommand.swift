import ArgumentParser
import RLCMKit

struct ConnectorUnpublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpublish", abstract: "Remove the connector's community library listing (installed copies keep working).",
        discussion: """
            Example:
              $ rlcm connector unpublish "Acme ERP" -C developer
            """)

    @Argument(help: "The connector's title.")
    var title: String

    @OptionGroup var library: LibraryOptions
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try workspace.withSession("connector unpublish") { try $0.unpublish(title: title, library: library.path) })
    }
}
