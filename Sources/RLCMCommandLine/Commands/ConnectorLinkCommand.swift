import ArgumentParser
import RLCMKit

struct ConnectorLinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link", abstract: "Enable a share link (printed as rlcm://links/<token>) or revoke it.",
        discussion: """
            Example:
              $ rlcm connector link "Acme ERP" --enable -C developer
            """)

    @Argument(help: "The connector's title.")
    var title: String

    @Flag(help: "Enable the link (the same link while it stays enabled) or revoke it (enabling again makes a new one).")
    var state: LinkState

    @OptionGroup var library: LibraryOptions
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    enum LinkState: String, EnumerableFlag { case enable, disable }

    func run() throws {
        try format.emit(try workspace.withSession("connector link") { try $0.setLink(title: title, enabled: state == .enable, library: library.path) })
    }
}
