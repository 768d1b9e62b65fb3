import ArgumentParser
import RLCMKit

struct LibraryReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Approve or reject a pending listing; the developer is notified by e-mail (outbox).",
        discussion: """
            Examples:
              $ rlcm library review 2d5dd9cd0e41af4a --approve --library library
              $ rlcm library review 2d5dd9cd0e41af4a --reject --reason "No support e-mail"
            """)

    @Argument(help: "The listing id.")
    var id: String

    @Flag(help: "Approve (searchable and installable) or reject (needs --reason).")
    var decision: Decision

    @Option(help: "Why: sent to the developer.")
    var reason: String?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var format: OutputOptions

    enum Decision: String, EnumerableFlag { case approve, reject }

    func run() throws {
        let library = try library.open()
        try format.emit(try library.reviewListing(id, approve: decision == .approve, reason: reason, now: library.environment.now))
    }
}
