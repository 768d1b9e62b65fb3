import ArgumentParser
import RLCMKit

struct ManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "Write an export manifest: a folder's assets and everything they depend on, each checked.",
        discussion: """
            Examples:
              $ rlcm manifest "Order Sync" -C sandbox -o order-sync.manifest.json
              $ rlcm export --manifest order-sync.manifest.json -C sandbox -o pkg.zip
            """)

    @Argument(help: "The folder, relative to the workspace root (e.g. 'Order Sync' or 'Order Sync/orders').")
    var folder: String

    @Option(name: .shortAndLong, help: "Write the manifest to FILE instead of stdout.")
    var output: String?

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var format: OutputOptions

    func run() throws {
        let manifest = try workspace.withSession("manifest") { try ExportManifestWriter(session: $0).manifest(folder: folder) }
        if let output {
            try format.emit(try ExportManifestWriter.write(manifest, to: output))
        } else {
            // The manifest is JSON already; with or without --json it goes to stdout as is.
            print(try manifest.json(), terminator: "")
        }
    }
}
