import ArgumentParser
import RLCMKit

struct ConnectorPushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "Create a connector (version 1) or add a new latest version; unreleased unless --release.",
        discussion: """
            Example:
              $ rlcm connector push -C scratch --title "Acme ERP" --code acme_erp_v1.rb \\
                  --note "First cut" --logo acme_erp.png --release
            """)

    @Option(help: "The connector's title (connectors are matched by title).")
    var title: String

    @Option(help: "The Ruby source of the new version.")
    var code: String

    @Option(help: "The version's note.")
    var note: String?

    @Option(help: "A file holding the connector's description.")
    var description: String?

    @Option(help: "The connector's logo (.png, .jpg or .jpeg).")
    var logo: String?

    @Flag(help: "Release the new version at once.")
    var release = false

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try workspace.withSession("connector push") {
            try $0.pushConnector(title: title, codeFile: code, note: note, descriptionFile: description, logoFile: logo, release: release)
        })
    }
}
