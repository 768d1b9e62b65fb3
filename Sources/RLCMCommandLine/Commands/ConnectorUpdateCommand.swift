import ArgumentParser
import RLCMKit

struct ConnectorUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Take the newer shared version of an installed connector; its recipes then run it.",
        discussion: """
            Example:
              $ rlcm connector update "Acme ERP" -C buyer --library library
            """)

    @Argument(help: "The installed connector's title.")
    var title: String

    @OptionGroup var library: LibraryOptions
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try workspace.withSession("connector update") { try $0.update(title: title, library: library.path) })
    }
}
