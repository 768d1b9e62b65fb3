import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

@Suite struct GraphTests {
    @Test func packageGraphIsValidDOTThatGraphvizRenders() throws {
        let temp = TempDir()
        let package = temp.file("order-sync.zip")
        try OrderSync.zip(to: package)
        let result = try CLI.run(["graph", package])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"orders/new_order_to_fulfilment.recipe.json\" -> \"orders/notify_ops_channel.recipe.json\""))
        #expect(result.stdout.contains("\"connections/acme_erp_production.connection.json\" -> \"connector:Acme ERP\""))
        let dotFile = temp.write("graph.dot", Array(result.stdout.utf8))
        let rendered = try runTool("dot", ["-Tsvg", dotFile, "-o", temp.file("graph.svg")])
        #expect(rendered.status == 0, "\(rendered.output)")
        let svg = try String(contentsOfFile: temp.file("graph.svg"), encoding: .utf8)
        #expect(svg.contains("Notify ops channel"))
    }

    @Test("A package and the folder it was exported from draw one graph: the same nodes, ids and edges, provider keys included")
    func packageAndFolderDrawOneGraph() throws {
        let temp = TempDir()
        let root = temp.file("sandbox")
        try OrderSync.sandbox(at: root)
        let package = temp.file("order-sync.zip")
        try CLI.run(["export", "Order Sync", "-C", root, "-o", package]).check()
        for format in ["dot", "mermaid"] {
            let fromPackage = try CLI.run(["graph", package, "--format", format]).check().stdout
            let fromFolder = try CLI.run(["graph", "Order Sync", "-C", root, "--format", format]).check().stdout
            #expect(Array(fromPackage.split(separator: "\n").dropFirst()) == Array(fromFolder.split(separator: "\n").dropFirst()), "\(format)")
            #expect(fromPackage.contains("orders/new_order_to_fulfilment.recipe.json\" -> \"connector:Acme ERP\"") || format == "mermaid")
        }
        let json = try CLI.run(["graph", package, "--json"]).check().stdout
        let edges = ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["edges"] as? [[String: String]]) ?? []
        #expect(edges.contains(["from": "orders/new_order_to_fulfilment.recipe.json", "to": "connector:Acme ERP"]), "the step's provider key ties it")
    }

    @Test func folderGraphReachesDependenciesAndStoreConnectorsInMermaid() throws {
        let temp = TempDir()
        let root = temp.file("sandbox")
        try OrderSync.sandbox(at: root)
        let result = try CLI.run(["graph", "Order Sync/orders", "-C", root, "--format", "mermaid"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("flowchart LR"))
        #expect(result.stdout.contains("connections/ops_slack.connection.json"))
        #expect(result.stdout.contains("[[\"Acme ERP<br/>(custom_adapter)\"]]"))
        #expect(result.stdout.contains(" --> "))
    }
}
