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
        #expect(result.stdout.contains("\"connections/acme_erp_production.connection.json\" -> \"acme_erp.custom_adapter.json\""))
        let dotFile = temp.write("graph.dot", Array(result.stdout.utf8))
        let rendered = try runTool("dot", ["-Tsvg", dotFile, "-o", temp.file("graph.svg")])
        #expect(rendered.status == 0, "\(rendered.output)")
        let svg = try String(contentsOfFile: temp.file("graph.svg"), encoding: .utf8)
        #expect(svg.contains("Notify ops channel"))
    }

    @Test func folderGraphReachesDependenciesAndStoreConnectorsInMermaid() throws {
        let temp = TempDir()
        let root = temp.file("sandbox")
        try OrderSync.sandbox(at: root)
        let result = try CLI.run(["graph", "Order Sync/orders", "-C", root, "--format", "mermaid"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("flowchart LR"))
        #expect(result.stdout.contains("Order Sync/connections/ops_slack.connection.json"))
        #expect(result.stdout.contains("[[\"Acme ERP<br/>(custom_adapter)\"]]"))
        #expect(result.stdout.contains(" --> "))
    }
}
