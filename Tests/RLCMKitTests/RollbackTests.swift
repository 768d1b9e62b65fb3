import Foundation
import RLCMKitTestSupport
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// Rollback and drift, in process, on copies of the sample production workspace: an import rolled
/// back leaves every file and every piece of state (the history, undo data and caches aside)
/// byte for byte as before; rollbacks go newest first, refuse what changed since, and can be
/// rolled back; drift names what changed since the last import.
@Suite("Rollback and drift, in process")
struct RollbackTests {
    /// A copy of `SampleManifests/production` and packages to import into its "Order Sync".
    final class Scene {
        let dir = TempDir()
        let workspace: Workspace
        let environment: RunEnvironment

        init() throws {
            environment = .testing(in: dir.path)
            workspace = try .sample("production", copiedTo: dir.file("production"))
        }

        func session<T>(_ body: (WorkspaceSession) throws -> T) throws -> T { try workspace.session(environment, body) }

        /// The sample package: "Order Sync" exported from a copy of the sample sandbox.
        func samplePackage() throws -> String {
            let package = dir.file("order-sync.zip")
            _ = try Workspace.sample("sandbox", copiedTo: dir.file("sandbox")).session(environment) {
                try $0.export(folder: "Order Sync", to: package, allowUnresolved: true)
            }
            return package
        }

        /// The order-sync fixture as a package, with `edit` applied to a copy of its folder first.
        func fixturePackage(_ name: String, connector: Bool = true, edit: (String) throws -> Void = { _ in }) throws -> String {
            let folder = dir.file("fixture-\(name)"), package = dir.file("\(name).zip")
            try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: folder)
            if !connector {
                for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.contains(".custom_adapter.") {
                    try FileManager.default.removeItem(atPath: "\(folder)/\(file)")
                }
            }
            try edit(folder)
            try ImportPipelineTests.Scene.zip(folder, to: package)
            return package
        }

        @discardableResult
        func importPackage(_ package: String) throws -> ImportResult {
            try session { try $0.importPackage(package, ImportOptions(project: "Order Sync", restartRecipes: true)) }
        }

        func rollback(_ id: String, force: Bool = false) throws -> RollbackResult {
            try session { try $0.rollback(RollbackOptions(id: id, restartRecipes: true, force: force)) }
        }

        /// Every file and folder of the workspace with its digest, rlcm's records, undo data and
        /// machine-local files aside: what a rollback must give back exactly.
        func state() -> [String: String] {
            treeDigest(workspace.root).filter { path, _ in
                !["history", "undo", "lock", "txn"].contains { path == ".rlcm/\($0)" || path.hasPrefix(".rlcm/\($0)/") }
            }
        }

        func write(_ path: String, _ text: String) { writeBytes(Array(text.utf8), to: workspace.path(path)) }
    }

    /// Records the paths whose digest differs (or that only one side has), not two whole trees.
    static func expectSame(_ state: [String: String], _ expected: [String: String], sourceLocation: SourceLocation = #_sourceLocation) {
        let differing = Set(state.keys).union(expected.keys).filter { state[$0] != expected[$0] }.sorted()
        #expect(differing.isEmpty, "differing paths: \(differing)", sourceLocation: sourceLocation)
    }

    /// Replaces `old` with `new` in the file at `path`.
    static func replace(_ old: String, with new: String, in path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(old), "'\(old)' is not in \(path)")
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("Import the sample package, roll it back: files, connector store and recipe states are byte-identical to before")
    func rollbackRestoresEverything() throws {
        let scene = try Scene()
        let package = try scene.samplePackage()
        _ = try scene.session { try $0.history() }  // the lock file, which any command creates
        let before = scene.state()
        let imported = try scene.importPackage(package)
        let after = scene.state()
        #expect(after != before)
        #expect(imported.plan.summary.create > 0 && imported.connectorVersions.count == 2)

        let rolledBack = try scene.rollback(imported.id)
        Self.expectSame(scene.state(), before)
        #expect(rolledBack.plan.rollback?.undoes == imported.id)
        #expect(rolledBack.plan.connectors.map(\.action).sorted { $0.rawValue < $1.rawValue } == [.remove, .restore])

        let history = try scene.session { try $0.history() }
        #expect(history.imports.map(\.record.kind) == [.import, .rollback])
        #expect(history.imports[0].undoneBy == rolledBack.id && history.imports[1].record.undid == imported.id)

        // The rollback is recorded like an import: rolling it back brings the import back.
        _ = try scene.rollback(rolledBack.id)
        Self.expectSame(scene.state(), after)
        #expect(try scene.session { try $0.history() }.imports[0].undoneBy == nil)
    }

    @Test("Three imports, rolled back newest first, give back the first state; the middle one first is refused with the id to roll back first")
    func rollbacksGoNewestFirst() throws {
        let scene = try Scene()
        _ = try scene.session { try $0.history() }
        let first = scene.state()
        let packages = try [
            scene.fixturePackage("one"),
            scene.fixturePackage("two") { try Self.replace("Notify ops channel", with: "Notify ops channel (v2)", in: "\($0)/orders/notify_ops_channel.recipe.json") },
            scene.fixturePackage("three") { folder in
                try Self.replace("Notify ops channel", with: "Notify ops channel (v3)", in: "\(folder)/orders/notify_ops_channel.recipe.json")
                try FileManager.default.copyItem(atPath: "\(folder)/orders/notify_ops_channel.recipe.json", toPath: "\(folder)/orders/extra.recipe.json")
            },
        ]
        let ids = try packages.map { try scene.importPackage($0).id }
        let workspaceBefore = scene.state()

        #expect {
            try scene.rollback(ids[1])
        } throws: { error in
            guard case HistoryError.rollbackBlocked(let id, let problems) = error else { return false }
            return id == ids[1] && problems.contains { $0.contains(ids[2]) } && !problems.contains { $0.contains(ids[0]) }
        }
        Self.expectSame(scene.state(), workspaceBefore)

        for id in ids.reversed() { _ = try scene.rollback(id) }
        Self.expectSame(scene.state(), first)
        #expect(try scene.session { try $0.history() }.imports.count == 6)
        #expect {
            try scene.rollback(ids[0])
        } throws: { error in
            (error as? HistoryError) == .alreadyRolledBack(id: ids[0], by: try! scene.session { try $0.history() }.imports[0].undoneBy!)
        }
    }

    @Test("A file edited after the import makes the rollback refuse, naming it, and writes nothing; --force then puts it back")
    func editedFileRefusesUnlessForced() throws {
        let scene = try Scene()
        _ = try scene.session { try $0.history() }
        let before = scene.state()
        let imported = try scene.importPackage(try scene.samplePackage())
        let edited = "Order Sync/orders/track_shipment.recipe.json"
        scene.write(edited, "{\"name\": \"edited by hand\"}\n")
        let withEdit = scene.state()

        #expect {
            try scene.rollback(imported.id)
        } throws: { error in
            guard case HistoryError.rollbackBlocked(_, let problems) = error else { return false }
            return problems.count == 1 && problems[0].contains("'\(edited)' was changed since")
        }
        Self.expectSame(scene.state(), withEdit)
        let plan = try scene.session { try $0.planRollback(RollbackOptions(id: imported.id, restartRecipes: true)) }
        #expect(plan.problems.count == 1 && plan.rollback?.force == false)

        _ = try scene.rollback(imported.id, force: true)
        Self.expectSame(scene.state(), before)
    }

    @Test("Drift: nothing right after an import; then an edited, a removed and an added file and a connector released by hand")
    func driftNamesWhatChanged() throws {
        let scene = try Scene()
        try scene.importPackage(try scene.samplePackage())
        let clean = try scene.session { try $0.drift(project: nil) }
        #expect(!clean.drifted && clean.projects.map(\.project) == ["Order Sync"])

        scene.write("Order Sync/orders/track_shipment.recipe.json", "{}\n")
        try FileManager.default.removeItem(atPath: scene.workspace.path("Order Sync/lookups/carrier_codes.lookup_table.json"))
        scene.write("Order Sync/orders/by_hand.recipe.json", "{}\n")
        try scene.session { session in
            _ = try session.pushConnector(title: "Acme ERP", code: Array("{ title: 'Acme ERP' }".utf8), note: "hotfix", description: nil, logo: nil, release: false)
            _ = try session.releaseConnector(title: "Acme ERP")
        }
        let drift = try scene.session { try $0.drift(project: "Order Sync") }
        #expect(drift.drifted)
        #expect(drift.projects[0].files == [
            .init(path: "Order Sync/lookups/carrier_codes.lookup_table.json", change: .removed),
            .init(path: "Order Sync/orders/by_hand.recipe.json", change: .added),
            .init(path: "Order Sync/orders/track_shipment.recipe.json", change: .edited),
        ])
        #expect(drift.projects[0].connectors == [.init(title: "Acme ERP", recorded: 3, released: 4, removed: false)])
        #expect(throws: HistoryError.unknownProject("Finance", known: ["Order Sync"])) { try scene.session { try $0.drift(project: "Finance") } }
    }

    @Test("Undo data: a re-import that changes nothing keeps none; one that only re-releases a connector keeps only the connector's record")
    func undoDataCostsNothingForNoChange() throws {
        let scene = try Scene()
        let plain = try scene.fixturePackage("plain", connector: false)
        try scene.importPackage(plain)
        let again = try scene.importPackage(plain)
        let record = try #require(try scene.session { try $0.history() }.imports.last?.record)
        #expect(record.id == again.id && record.undo == UndoRecord.Size(files: 0, bytes: 0))
        #expect(!FileManager.default.fileExists(atPath: scene.workspace.path(UndoStore.recordFile(again.id))))

        let withConnector = try scene.fixturePackage("connector")
        try scene.importPackage(withConnector)
        let reimport = try scene.importPackage(withConnector)
        let undo = try #require(try UndoStore(workspace: scene.workspace).record(reimport.id))
        #expect(undo.changes.allSatisfy { $0.path.hasPrefix(ConnectorStore.folder + "/") })
        // The connector's record before, and the new version's files (created: nothing before).
        #expect(undo.changes.filter { $0.before != nil }.map { ($0.path as NSString).lastPathComponent } == ["connector.json"])
    }

    @Test("Undo data is kept for the newest records only, as the workspace says; the pruned cannot be rolled back")
    func undoDataIsPruned() throws {
        let scene = try Scene()
        _ = try scene.session { try $0.setWorkspace(.undoKept, to: "2") }
        let scene2 = try Workspace(root: scene.workspace.root)
        let ids = try (1...3).map { number in
            try scene2.session(scene.environment) {
                try $0.importPackage(try scene.fixturePackage("p\(number)") {
                    try Self.replace("Notify ops channel", with: "Notify ops channel \(number)", in: "\($0)/orders/notify_ops_channel.recipe.json")
                }, ImportOptions(project: "Order Sync", restartRecipes: true)).id
            }
        }
        let history = try scene2.session(scene.environment) { try $0.history() }
        #expect(history.undoKept == 2 && history.imports.map(\.undoKept) == [false, true, true])
        #expect(throws: HistoryError.noUndoData(id: ids[0], kept: 2)) {
            try scene2.session(scene.environment) { try $0.rollback(RollbackOptions(id: ids[0], restartRecipes: true)) }
        }
    }

    @Test("An import reads only the history records that still have undo data: a damaged older one does not stop it, and history still names it")
    func importReadsOnlyRecordsWithUndoData() throws {
        let scene = try Scene()
        _ = try scene.session { try $0.setWorkspace(.undoKept, to: "2") }
        let workspace = try Workspace(root: scene.workspace.root)
        func importNumber(_ number: Int) throws -> String {
            try workspace.session(scene.environment) {
                try $0.importPackage(try scene.fixturePackage("p\(number)") {
                    try Self.replace("Notify ops channel", with: "Notify ops channel \(number)", in: "\($0)/orders/notify_ops_channel.recipe.json")
                }, ImportOptions(project: "Order Sync", restartRecipes: true)).id
            }
        }
        let first = try importNumber(1), second = try importNumber(2), third = try importNumber(3)
        let damaged = workspace.path("\(HistoryRecord.folder)/\(first).json")
        try Data("{".utf8).write(to: URL(fileURLWithPath: damaged))

        let fourth = try importNumber(4)
        let record = try StateCoding.decode(HistoryRecord.self, from: try FileSystem.read(workspace.path("\(HistoryRecord.folder)/\(fourth).json")), file: fourth)
        #expect(record.sequence == 4)
        let store = UndoStore(workspace: workspace)
        #expect(try [second, third, fourth].map { try store.record($0) != nil } == [false, true, true])
        #expect(throws: StateCoding.Corrupt.self) { try workspace.session(scene.environment) { try $0.history() } }
    }

    @Test("An import that changes nothing keeps the undo data of the newest records that have some: lowered from 3 to 2, the oldest goes")
    func unchangedImportPrunesToTheNewestWithUndoData() throws {
        let scene = try Scene()
        _ = try scene.session { try $0.setWorkspace(.undoKept, to: "3") }
        func importPackage(_ package: String, reusing: Bool = false) throws -> String {
            try Workspace(root: scene.workspace.root).session(scene.environment) {
                try $0.importPackage(package, ImportOptions(project: "Order Sync", restartRecipes: true, reuseIdenticalConnectors: reusing)).id
            }
        }
        let packages = try (1...3).map { number in
            try scene.fixturePackage("p\(number)") {
                try Self.replace("Notify ops channel", with: "Notify ops channel \(number)", in: "\($0)/orders/notify_ops_channel.recipe.json")
            }
        }
        let ids = try packages.map { try importPackage($0) }
        _ = try scene.session { try $0.setWorkspace(.undoKept, to: "2") }
        let unchanged = try importPackage(packages[2], reusing: true)
        let history = try Workspace(root: scene.workspace.root).session(scene.environment) { try $0.history() }
        #expect(history.imports.last?.record.undo == UndoRecord.Size(files: 0, bytes: 0))
        #expect(history.imports.map(\.undoKept) == [false, true, true, true], "the unchanged import needs none to be rolled back")
        let store = UndoStore(workspace: scene.workspace)
        #expect(try (ids + [unchanged]).map { try store.record($0) != nil } == [false, true, true, false])
    }
}
