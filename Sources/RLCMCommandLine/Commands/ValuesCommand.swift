import ArgumentParser
import Foundation
import RLCMFormat
import RLCMKit

struct ValuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "values",
        abstract: "Write a values file with every property, connection and untied provider key a package needs, filled with what the target has.",
        discussion: """
            Each property gets the target's value, each connection the target's connection where the \
            package's lands, or null where the target has none; a provider key that nothing ties to a \
            custom connector gets null, for the connector's title. Fill in the nulls, keep secrets as \
            {"env": "NAME"}, and give the file to 'rlcm plan' and 'rlcm import' with --values.
            Example:
              $ rlcm values ops-alert.zip --into "Order Sync" -C production -o prod.json
              $ rlcm values ops-alert.zip --into "Order Sync" --remote prod -o prod.json
            """)

    @Argument(help: "The package.")
    var package: String

    @Option(help: "The target project (a top-level folder of the workspace).")
    var into: String

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the file here instead of to standard output.", valueName: "FILE"))
    var output: String?

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var remote: RemoteOptions

    func run() async throws {
        let template = try await remote.target(besides: workspace).valuesTemplate(package: package, ImportOptions(project: into))
        let text = try template.json()
        guard let output else { return print(text, terminator: "") }
        try FileSystem.replace(URL(fileURLWithPath: output).path, with: Array(text.utf8))
        let properties = template.accountProperties.count + template.projectProperties.values.map(\.count).reduce(0, +)
        Output.note("wrote \(output): \(properties) properties, \(template.connections.count) connections, \(template.connectors.count) untied provider keys; fill in the nulls")
    }
}
