import Foundation
import RLCMKitTestSupport
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// A transaction's own writes, whose files are made on another thread while the caller goes on
/// (`StagingArea.stageSoon`): in process, on a copy of the sample sandbox.
@Suite("Transaction writes")
struct TransactionTests {
    let dir = TempDir()
    let workspace: Workspace

    init() throws {
        workspace = try .sample("sandbox", copiedTo: dir.file("sandbox"))
    }

    @Test("Files written are placed by the commit with their bytes, the last write to a path winning; the transaction's folder is gone")
    func writesArePlaced() throws {
        let transaction = try Transaction(root: workspace.root, faults: .none)
        let many = (0..<40).map { "state/\($0).json" }
        for (number, path) in many.enumerated() { try transaction.write(path, Array("{\"n\": \(number)}\n".utf8)) }
        try transaction.write("state/0.json", Array("{\"n\": \"again\"}\n".utf8))
        #expect(try transaction.stagedBytes("state/1.json") == Array("{\"n\": 1}\n".utf8))
        #expect(try transaction.stagedDigest("state/2.json") == Hashing.sha256(Array("{\"n\": 2}\n".utf8)))
        try transaction.commit()
        #expect(try FileSystem.read(workspace.path("state/0.json")) == Array("{\"n\": \"again\"}\n".utf8))
        for (number, path) in many.enumerated().dropFirst() {
            #expect(try FileSystem.read(workspace.path(path)) == Array("{\"n\": \(number)}\n".utf8), "\(path)")
        }
        #expect(!FileSystem.exists(Transaction.transactionsFolder(root: workspace.root)))
    }

    @Test("A file that cannot be staged fails the commit, which leaves the workspace as it was")
    func stagingFailureFailsTheCommit() throws {
        let before = treeDigest(workspace.root)
        do {
            let transaction = try Transaction(root: workspace.root, faults: .none)
            try transaction.write("Order Sync/orders/placed.json", Array("{}\n".utf8))
            // The staging area gone, the next file cannot be made; write returns before it is tried.
            try transaction.staging.settle()
            FileSystem.removeTree(transaction.staging.folder)
            try transaction.write("Order Sync/orders/lost.json", Array("{}\n".utf8))
            #expect(throws: FileSystem.Failure.self) { try transaction.commit() }
        }
        #expect(treeDigest(workspace.root) == before, "the transaction, dropped, took its folder with it")
    }
}
