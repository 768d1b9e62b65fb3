import RLCMFormat
import ArgumentParser
import RLCMKit

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the dependency graph of a package or a workspace folder as Graphviz DOT or Mermaid.",
        discussion: """
            Examples:
              $ rlcm graph order-sync.zip | dot -Tpng -o graph.png
              $ rlcm graph "Order Sync/orders" -C sandbox --format mermaid
            """)

    @Argument(help: "A package (.zip) or a folder relative to the workspace root.")
    var source: String

    @Option(help: "dot or mermaid.")
    var format: DependencyGraph.Format = .dot

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let graph: DependencyGraph
        if source.hasSuffix(".zip") || FileSystem.isRegularFile(source) {
            graph = DependencyGraph(package: try PackageIndex(file: source))
        } else {
            graph = try workspace.withSession("graph") { DependencyGraph(selection: try $0.exportSelection(folder: source)) }
        }
        if output.json { try output.emit(graph) } else { print(graph.render(format)) }
    }
}

extension DependencyGraph.Format: ExpressibleByArgument {}
