import ArgumentParser
import RLCMKit

struct ConnectorAccessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access", abstract: "Manage which workspaces (by owner e-mail) may install a closed-source connector by link.",
        discussion: """
            Example:
              $ rlcm connector access "Acme ERP" -C developer --notify-admins \\
                  --add "ops@buyer.example, eu-ops@buyer.example"
            """)

    @Argument(help: "The connector's title.")
    var title: String

    @Option(help: ArgumentHelp("E-mails to add, comma-separated.", valueName: "EMAILS"))
    var add: [String] = []

    @Option(help: ArgumentHelp("E-mails to remove, comma-separated.", valueName: "EMAILS"))
    var remove: [String] = []

    @Flag(help: "Only print the access list.")
    var list = false

    @Flag(name: .customLong("notify-admins"), help: "Write a notification e-mail for each added workspace's primary admin to the library's outbox.")
    var notifyAdmins = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        if list == !(add.isEmpty && remove.isEmpty) { throw ValidationError("give --add EMAILS and/or --remove EMAILS, or --list") }
    }

    func run() throws {
        try format.emit(try workspace.withSession("connector access") {
            try $0.manageAccess(title: title, add: commaSeparated(add), remove: commaSeparated(remove), notifyAdmins: notifyAdmins, library: library.path)
        })
    }
}
