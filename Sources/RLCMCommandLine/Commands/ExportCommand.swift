import ArgumentParser
import RLCMKit

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Pack a folder, its dependencies and the released versions of its custom connectors into a package.",
        discussion: """
            Example:
              $ rlcm export "Order Sync" -C sandbox -o order-sync.zip
              $ rlcm export "Order Sync" --remote production -o production-order-sync.zip
            """)

    @Argument(help: "The folder, relative to the workspace root (e.g. 'Order Sync' or 'Order Sync/orders').")
    var folder: String?

    @Option(help: "Export what an (edited) export manifest checks instead of a folder.")
    var manifest: String?

    @Option(name: .shortAndLong, help: "The package to write.")
    var output: String

    @Flag(name: .customLong("allow-unresolved"), help: "Report references that resolve to nothing and export anyway.")
    var allowUnresolved = false

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        if (folder == nil) == (manifest == nil) { throw ValidationError("give either FOLDER or --manifest FILE") }
        if remote.remote != nil && manifest != nil { throw ValidationError("--remote exports a FOLDER; --manifest is for a local workspace") }
    }

    func run() async throws {
        guard let manifest else {
            return try format.emit(try await remote.target(besides: workspace).export(folder: folder!, to: output, allowUnresolved: allowUnresolved))
        }
        try format.emit(try workspace.withSession("export") { session in
            try session.export(try session.exportSelection(manifestFile: manifest), to: output, allowUnresolved: allowUnresolved)
        })
    }
}
