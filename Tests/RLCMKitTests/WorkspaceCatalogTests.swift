import Foundation
import RLCMKitTestSupport
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// A catalog kept between uses (as `rlcm serve` keeps one) and refreshed by its folders' stamps
/// holds what a fresh walk of the workspace finds, after every kind of change to the tree.
@Suite("The workspace catalog, kept and refreshed")
struct WorkspaceCatalogTests {
    let dir = TempDir()
    let environment: RunEnvironment
    let workspace: Workspace

    init() throws {
        environment = .testing(in: dir.path)
        workspace = try .sample("sandbox", copiedTo: dir.file("sandbox"))
    }

    func fresh() throws -> WorkspaceCatalog { try workspace.session(environment) { try $0.catalog() } }

    func refresh(_ catalog: inout WorkspaceCatalog) throws -> Bool {
        var kept = catalog
        let changed = try workspace.session(environment) { try kept.refresh(in: $0) }
        catalog = kept
        return changed
    }

    @Test("Files and folders added, removed and renamed are in the kept catalog after a refresh, as in a fresh walk; an edit inside a file changes nothing")
    func refreshFollowsTheTree() throws {
        var kept = WorkspaceCatalog()
        #expect(try refresh(&kept))
        var walked = try fresh()
        #expect(kept.files == walked.files && kept.folders == walked.folders)
        #expect(kept.files.contains("Order Sync/orders/track_shipment.recipe.json") && kept.folders.contains("Billing/invoices"))
        #expect(!kept.files.contains { $0.hasPrefix(".rlcm") }, "rlcm's own state is not listed")

        let generation = kept.generation
        let edited = workspace.path("Order Sync/orders/track_shipment.recipe.json")
        try FileSystem.replace(edited, with: try FileSystem.read(edited) + Array("\n".utf8))
        #expect(try !refresh(&kept) && kept.generation == generation, "an edit inside a file changes no listing")

        _ = try FileSystem.makeDirectories(workspace.path("Order Sync/returns/late"))
        try FileSystem.replace(workspace.path("Order Sync/returns/late/refund.recipe.json"), with: Array(#"{"name": "Refund"}"#.utf8))
        try FileSystem.remove(workspace.path("Order Sync/orders/notify_ops_channel.recipe.json"))
        try FileSystem.rename(workspace.path("Billing/invoices"), to: workspace.path("Billing/bills"))
        #expect(try refresh(&kept) && kept.generation > generation)
        walked = try fresh()
        #expect(kept.files == walked.files && kept.folders == walked.folders)
        #expect(kept.files.contains("Order Sync/returns/late/refund.recipe.json") && kept.folders.contains("Order Sync/returns/late"))
        #expect(!kept.files.contains("Order Sync/orders/notify_ops_channel.recipe.json"))
        #expect(kept.files.contains("Billing/bills/invoice_to_ledger.recipe.json") && !kept.folders.contains("Billing/invoices"))
    }
}
