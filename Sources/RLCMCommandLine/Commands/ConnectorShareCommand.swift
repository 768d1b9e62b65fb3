import ArgumentParser
import RLCMKit

struct ConnectorShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share", abstract: "Share a released version (the current one by default) in the library: what installers get.",
        discussion: """
            Example:
              $ rlcm connector share "Acme ERP" -C developer --library library
            """)

    @Argument(help: "The connector's title.")
    var title: String

    @Option(help: "A version that was released (default: the released version).")
    var version: Int?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try workspace.withSession("connector share") { try $0.shareConnector(title: title, version: version, library: library.path) })
    }
}
