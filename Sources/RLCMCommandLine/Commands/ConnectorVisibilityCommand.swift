import ArgumentParser
import RLCMKit

struct ConnectorVisibilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visibility", abstract: "Make a connector open source (installers may read its code) or closed source (they never can).",
        discussion: """
            Example:
              $ rlcm connector visibility "Acme ERP" closed -C developer
            """)

    @Argument(help: "The connector's title.")
    var title: String

    @Argument(help: "open or closed.")
    var visibility: Visibility

    @OptionGroup var library: LibraryOptions
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try workspace.withSession("connector visibility") { try $0.setVisibility(title: title, visibility, library: library.path) })
    }
}

extension Visibility: ExpressibleByArgument {}
