import ArgumentParser
import RLCMKit

struct LibrarySearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find approved listings by app name, tag or keyword.",
        discussion: """
            Example:
              $ rlcm library search invoices --library library
            """)

    @Argument(help: "Text to look for (case-insensitive).")
    var text: String

    @OptionGroup var library: LibraryOptions
    @OptionGroup var format: OutputOptions

    func run() throws { try format.emit(try library.open().search(text)) }
}
