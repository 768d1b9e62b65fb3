import ArgumentParser
import RLCMKit

struct ConnectorPublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Submit the shared version to the community library for review (every problem reported at once).",
        discussion: """
            Example:
              $ rlcm connector publish "Acme ERP" -C developer --accept-agreement \\
                  --app-name "Acme ERP Cloud" --tags erp,orders \\
                  --keywords erp,orders,invoices
            """)

    @Argument(help: "The connector's title.")
    var title: String

    @Option(name: .customLong("app-name"), help: "The listing's app name (case-sensitive, unique in the library).")
    var appName = ""

    @Option(help: ArgumentHelp("Category tags, comma-separated.", valueName: "TAGS"))
    var tags: [String] = []

    @Option(help: ArgumentHelp("Search keywords, comma-separated (at most three).", valueName: "KEYWORDS"))
    var keywords: [String] = []

    @Flag(name: .customLong("hide-source"), help: "Hide the source (makes the connector closed source; cannot change without unpublishing).")
    var hideSource = false

    @Flag(name: .customLong("prevent-direct-install"), help: "Only the share link installs it; needs --landing-page.")
    var preventDirectInstall = false

    @Option(name: .customLong("landing-page"), help: "An http(s) page telling people how to get the connector.")
    var landingPage: String?

    @Flag(name: .customLong("accept-agreement"), help: "Accept the developer agreement.")
    var acceptAgreement = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        try format.emit(try workspace.withSession("connector publish") {
            try $0.publish(title: title, appName: appName, tags: commaSeparated(tags), keywords: commaSeparated(keywords), hideSource: hideSource,
                           preventDirectInstall: preventDirectInstall, landingPage: landingPage, acceptAgreement: acceptAgreement,
                           library: library.path)
        })
    }
}
