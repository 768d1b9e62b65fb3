import Foundation
import RLCMKitTestSupport
import RLCMTestSupport
import Synchronization
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// The import path called in process, step by step: the planner's steps over values, the whole
/// plan against a temporary workspace, and the applier with a saved plan. No process runs: even
/// the packages are written by rlcm's own zip writer.
@Suite("Import pipeline, in process: planner steps, plan, apply")
struct ImportPipelineTests {
    /// An empty production workspace and the order-sync package, in a temporary folder.
    final class Scene {
        let dir = TempDir()
        let workspace: Workspace
        let package: String
        let environment: RunEnvironment
        var now: Date { environment.now }

        init() throws {
            environment = .testing(in: dir.path)
            workspace = try Workspace.create(at: dir.file("production"),
                                             settings: WorkspaceSettings(name: "Production", environment: .production, dataCenter: .us, createdAt: environment.now))
            package = dir.file("order-sync.zip")
            try Self.zip(OrderSync.folder, to: package)
        }

        /// Zips `folder`'s files (its contents at the package's root) with rlcm's own writer, in
        /// process.
        static func zip(_ folder: String, to package: String) throws {
            let writer = try ZipWriter(destination: package)
            let files = FileManager.default.enumerator(atPath: folder)!.compactMap { $0 as? String }.filter { name in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder) && !isFolder.boolValue
            }
            for name in files.sorted() { try writer.addFile(path: name, copying: folder + "/" + name) }
            try writer.commit()
        }

        func session<T>(_ body: (WorkspaceSession) throws -> T) throws -> T { try workspace.session(environment, body) }

        func plan(_ options: ImportOptions = ImportOptions(project: "Order Sync")) throws -> ImportPlan {
            try session { try ImportPlanner(session: $0).plan(package: package, options, usage: RecipeUsageCache(workspace: workspace, environment: environment)).plan }
        }
    }

    // MARK: - The steps

    @Test("Matching: a connector the store lacks is created with a fresh id and key, and every package key maps to it")
    func matchingCreates() throws {
        let scene = try Scene()
        let index = try PackageIndex(file: scene.package)
        let matching = try ConnectorMatching.match(index, existing: [], store: ConnectorStore(workspace: scene.workspace), newKeys: [:], now: scene.now)
        let connector = try #require(matching.connectors.first)
        let id = ConnectorStore.firstId(for: scene.workspace) + 1
        #expect(connector.title == "Acme ERP" && connector.action == .create && connector.newVersionNo == 1)
        #expect(connector.targetKey == ConnectorStore.providerKey(title: "Acme ERP", id: id, now: scene.now))
        #expect(matching.keyMap == [OrderSync.packageKey: connector.targetKey])
        #expect(matching.newIdentities["Acme ERP"]?.id == id && matching.problems.isEmpty && matching.matchedStates.isEmpty)
    }

    @Test("A new connector's key and file stem follow the platform's naming: lower-cased, other characters one _, letters of any script kept")
    func slugsKeepLetters() {
        #expect(Connector.slug("Acme ERP") == "acme_erp")
        #expect(Connector.slug("法人番号システム") == "法人番号システム")
        #expect(Connector.slug("Café Münch (v2)!") == "café_münch_v2")
        #expect(Connector.slug("—") == "connector")
    }

    @Test("A connector title must hold more than spaces and tabs, as Foundation's .whitespaces trims them; adding a version under a blank one is refused")
    func blankTitles() throws {
        for title in ["", " ", "\t", " \u{00A0}\u{3000}\u{2009}\t", "a", " Acme ERP ", "\n", "\u{200B}", "法人"] {
            #expect(Connector.isTitle(title) == !title.trimmingCharacters(in: .whitespaces).isEmpty, "\(Array(title.unicodeScalars))")
        }
        let scene = try Scene()
        let error = #expect(throws: ConnectorError.self) {
            try scene.session {
                let transaction = try Transaction(root: $0.workspace.root, faults: .none)
                _ = try ConnectorStore(workspace: $0.workspace).addVersion(title: " \u{00A0}", code: [], note: nil, description: nil, logo: nil,
                                                                            release: true, now: scene.now, in: transaction)
            }
        }
        #expect(error == .emptyTitle)
    }

    @Test("Matching: a saved plan's key is kept; a store connector of the same title gets a new version under its own key")
    func matchingKeepsKeys() throws {
        let scene = try Scene()
        let index = try PackageIndex(file: scene.package)
        let store = ConnectorStore(workspace: scene.workspace)
        let kept = try ConnectorMatching.match(index, existing: [], store: store, newKeys: ["Acme ERP": "acme_erp_connector_1_2"], now: scene.now)
        #expect(kept.connectors.map(\.targetKey) == ["acme_erp_connector_1_2"])

        try scene.session { session in
            _ = try session.pushConnector(title: "Acme ERP", code: Array("{ title: 'Acme ERP' }".utf8), note: "first", description: nil, logo: nil, release: true)
        }
        let existing = try store.all()
        let matched = try ConnectorMatching.match(index, existing: existing, store: store, newKeys: [:], now: scene.now)
        let connector = try #require(matched.connectors.first)
        #expect(connector.action == .newVersion && connector.newVersionNo == 2 && connector.releasedBefore == 1)
        #expect(connector.targetKey == existing[0].providerKey && connector.identicalToReleased == false)
        #expect(matched.matchedStates == ["\(store.folder(existing[0].id))/connector.json"] && matched.newIdentities.isEmpty)
    }

    @Test("Matching with --reuse-identical-connectors: reused only when the released version has the package's code and its note")
    func matchingReusesIdenticalConnectors() throws {
        let scene = try Scene()
        let index = try PackageIndex(file: scene.package)
        let carried = try #require(index.connectors.first)
        let store = ConnectorStore(workspace: scene.workspace)
        func match(reuse: Bool = true) throws -> ImportPlan.Connector {
            try #require(try ConnectorMatching.match(index, existing: store.all(), store: store, newKeys: [:], now: scene.now, reuseIdentical: reuse).connectors.first)
        }
        try scene.session { session in
            _ = try session.pushConnector(title: carried.title, code: carried.code!, note: "another note", description: nil, logo: nil, release: true)
        }
        #expect(try match().action == .newVersion, "the same code with another note is another version")
        try scene.session { session in
            _ = try session.pushConnector(title: carried.title, code: carried.code!, note: carried.note, description: nil, logo: nil, release: true)
        }
        let reused = try match()
        #expect(reused.action == .reuse && reused.newVersionNo == 2 && reused.releasedBefore == 2 && reused.identicalToReleased == true)
        #expect(try match(reuse: false).action == .newVersion && (try match(reuse: false).newVersionNo) == 3)
        try scene.session { session in
            _ = try session.pushConnector(title: carried.title, code: Array("{ title: 'Acme ERP' }".utf8), note: carried.note, description: nil, logo: nil, release: true)
        }
        #expect(try match().action == .newVersion, "other code is another version")
    }

    @Test("A saved plan that prunes goes stale when the target gains an asset the package does not carry")
    func prunePlanGoesStale() throws {
        let scene = try Scene()
        let options = ImportOptions(project: "Order Sync", prune: true)
        try scene.session { _ = try $0.importPackage(scene.package, ImportOptions(project: "Order Sync")) }
        let extra = scene.workspace.path("Order Sync/orders/old_report.recipe.json")
        writeBytes(Array(#"{"name": "Old report", "code": {"keyword": "trigger", "provider": "clock", "name": "scheduled_event"}}"#.utf8), to: extra)
        let saved = try scene.plan(options)
        #expect(saved.notInPackage?.map(\.path).contains("Order Sync/orders/old_report.recipe.json") == true)
        writeBytes(Array(#"{"name": "Newer report", "code": {}}"#.utf8), to: scene.workspace.path("Order Sync/orders/newer_report.recipe.json"))
        #expect(throws: ImportError.self) { try scene.session { _ = try $0.importPackage(scene.package, options, saved: saved) } }
        let fresh = try scene.plan(options)
        _ = try scene.session { try $0.importPackage(scene.package, options, saved: fresh) }
        #expect(!FileManager.default.fileExists(atPath: extra))
    }

    /// A comparison sees the target as it was when it was made (the planner's, under the workspace
    /// lock, sees it unchanged), so each step makes its own.
    @Test("Comparing: identical bytes are unchanged, reformatted ones an update whose content does not differ, a folder or a file in the way a problem")
    func comparing() throws {
        let scene = try Scene()
        func comparison(folder: String = "") throws -> EntryComparison {
            let target = try TargetReferences(workspace: scene.workspace, project: "Order Sync", folder: folder, projects: ["Order Sync"])
            return EntryComparison(target: target, rewriter: ProviderKeyRewriter([:]), bindings: .none, staging: nil, known: [:])
        }
        let index = try PackageIndex(file: scene.package)
        let asset = try #require(index.assets.first { $0.zipName == "orders/notify_ops_channel.recipe.json" })
        let bytes = readAll(OrderSync.folder + "/orders/notify_ops_channel.recipe.json")

        let created = try comparison().compare(asset, bytes)
        #expect(created.action == .create && created.path == "Order Sync/orders/notify_ops_channel.recipe.json" && created.staged == nil)
        #expect(created.newSHA256 == Hashing.sha256(bytes))

        let full = scene.workspace.path(created.path)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        #expect(try comparison().compare(asset, bytes).action == .unchanged)

        let reformatted = try JSONParser.parse(bytes, file: "x")
        let spaced = Array(String(decoding: JSONWriter.pretty(reformatted), as: UTF8.self).replacingOccurrences(of: "\n", with: "\n  ").utf8)
        let update = try comparison().compare(asset, spaced)
        #expect(update.action == .update && update.differs == false && update.currentSHA256 == Hashing.sha256(bytes))

        try FileManager.default.removeItem(atPath: full)
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        let problem = try comparison().compare(asset, bytes).problem
        #expect(problem?.message.contains("which is a folder or a link in the target workspace") == true && problem?.kind == .entry)

        // A file where a folder of the landing path should be: the project itself, or the project
        // above a landing folder that does not exist yet.
        try FileManager.default.removeItem(atPath: scene.workspace.path("Order Sync"))
        writeBytes(Array("not a folder".utf8), to: scene.workspace.path("Order Sync"))
        for folder in ["", "imports/2026"] {
            let blocked = try comparison(folder: folder).compare(asset, bytes).problem
            #expect(blocked?.message == "'orders/notify_ops_channel.recipe.json' cannot be written: 'Order Sync' is a file in the target workspace, not a folder", "\(folder)")
            #expect(blocked?.path == (folder.isEmpty ? "Order Sync" : "Order Sync/\(folder)") + "/orders/notify_ops_channel.recipe.json")
        }
    }

    @Test("References: a connection the package leaves out and the target lacks is open, with what that means")
    func references() throws {
        let scene = try Scene()
        let folder = scene.dir.file("no-connections")
        try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: folder)
        try FileManager.default.removeItem(atPath: folder + "/connections/ops_slack.connection.json")
        let package = scene.dir.file("partial.zip")
        try Scene.zip(folder, to: package)

        let index = try PackageIndex(file: package)
        var matching = try ConnectorMatching.match(index, existing: [], store: ConnectorStore(workspace: scene.workspace), newKeys: [:], now: scene.now)
        let target = try TargetReferences(workspace: scene.workspace, project: "Order Sync", projects: [])
        let open = target.resolveOpenReferences(of: index, matching: &matching)
        #expect(!open.isEmpty)
        #expect(open.allSatisfy { $0.zipName == "connections/ops_slack.connection.json" && $0.type == AssetType.connection })
        #expect(open.contains { $0.asset == "Order Sync/orders/notify_ops_channel.recipe.json" && $0.meaning.contains("cannot be started") })
    }

    @Test("Dependency report: a recipe using an action the incoming code no longer defines breaks")
    func dependents() throws {
        let report = DependencyReport(matching: ConnectorMatching(), states: RecipeStates(), byContent: false, spillingIn: NSTemporaryDirectory())
        let source = ConnectorSource(code: "{ title: 'Acme', actions: { create_order: {} }, triggers: { new_order: {} } }")
        let steps = [StepUse(provider: "acme", keyword: "action", name: "create_order"), StepUse(provider: "acme", keyword: "action", name: "cancel_order"),
                     StepUse(provider: "acme", keyword: "trigger", name: "new_order")]
        let dependent = report.dependent(connector: "Acme", path: "P/r.recipe.json", steps: steps, source: source, running: true, imported: false)
        #expect(dependent.missingActions == ["cancel_order"] && dependent.missingTriggers.isEmpty && dependent.breaks && dependent.running)
    }

    @Test("Staleness: a saved plan whose fingerprint changed is refused, naming the file; one that holds is accepted")
    func staleness() throws {
        let scene = try Scene()
        let saved = try scene.plan()
        #expect(ImportApplier.changes(from: saved, to: saved).isEmpty)
        var changed = saved
        changed.fingerprints = SpilledList(saved.fingerprints.map { print in
            print.path == RecipeStates.file ? ImportPlan.Fingerprint(path: print.path, sha256: String(repeating: "0", count: 64)) : print
        })
        #expect(ImportApplier.changes(from: saved, to: changed) == ["'.rlcm/recipes.json' was changed"])
        #expect(throws: ImportError.stalePlan(changes: ["'.rlcm/recipes.json' was changed"])) { try ImportApplier.check(changed, against: saved) }

        // A file the saved plan depended on that the plan made now no longer reads (a dependent
        // recipe edited so that it no longer uses the connector) went stale too.
        var depended = saved
        depended.fingerprints = SpilledList(Array(saved.fingerprints) + [.init(path: "Finance/x.recipe.json", sha256: nil, stamp: "1:2:3:4")])
        #expect(ImportApplier.changes(from: depended, to: saved) == ["'Finance/x.recipe.json' was changed (the plan made now no longer reads it)"])
    }

    @Test("A saved plan is read strictly: a missing field, a wrong type, another format_version and a duplicate key are refused, naming the place")
    func savedPlansAreReadStrictly() throws {
        let scene = try Scene()
        let file = scene.dir.file("plan.json")
        try scene.plan().save(to: file)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(try SavedPlan(file: file).plan.project == "Order Sync")
        let edits: [(from: String, to: String, detail: String)] = [
            ("\"package\": ", "\"pkg\": ", "$.package is missing"),
            ("\"create\": ", "\"create\": \"x\", \"c\": ", "$.summary.create is not an integer"),
            ("\"format_version\": 2", "\"format_version\": 1", "$.format_version must be 2 (a plan saved by another rlcm version: make it again)"),
            ("\"blocked\": false", "\"blocked\": 0", "$.blocked is not true or false"),
        ]
        for edit in edits {
            let bad = scene.dir.file("bad.json"), broken = text.replacingOccurrences(of: edit.from, with: edit.to)
            #expect(broken != text)
            try broken.write(toFile: bad, atomically: true, encoding: .utf8)
            #expect(throws: ImportError.invalidPlanFile(file: bad, detail: edit.detail)) { try SavedPlan(file: bad) }
        }
        let duplicate = scene.dir.file("duplicate.json")
        try text.replacingOccurrences(of: "\"package\": ", with: "\"package\": \"a\", \"package\": ").write(toFile: duplicate, atomically: true, encoding: .utf8)
        #expect(throws: JSONError.self) { try SavedPlan(file: duplicate) }
    }

    /// The fixture as a package, with `edit` applied to a copy of its folder first.
    static func editedFixture(_ scene: Scene, _ name: String, _ edit: (String) throws -> Void) throws -> String {
        let folder = scene.dir.file(name), package = scene.dir.file("\(name).zip")
        try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: folder)
        try edit(folder)
        try Scene.zip(folder, to: package)
        return package
    }

    @Test("A connector's code without its .custom_adapter.json is placed nowhere, and says why: a warning, a problem under --strict")
    func orphanedConnectorFilesAreAccountedFor() throws {
        let scene = try Scene()
        let package = try Self.editedFixture(scene, "orphan") {
            try FileManager.default.copyItem(atPath: $0 + "/acme_erp.custom_adapter.rb", toPath: $0 + "/lost.custom_adapter.rb")
        }
        let unplaced = try PackageIndex(file: package).unplaced
        #expect(unplaced.map(\.entry) == ["lost.custom_adapter.rb"])
        #expect(unplaced.first?.reason.hasPrefix("a custom connector's code without its 'lost.custom_adapter.json'") == true)
        let plan = try scene.session { try $0.plan(package: package, ImportOptions(project: "Order Sync")) }
        #expect(plan.unplaced == unplaced && plan.summary.warnings == plan.unresolved.count + 1)
        let strict = try scene.session { try $0.plan(package: package, ImportOptions(project: "Order Sync", strict: true)) }
        #expect(strict.problems.contains(PlanProblem(.entry, path: "lost.custom_adapter.rb", "'lost.custom_adapter.rb': \(unplaced[0].reason) (--strict)")))
    }

    @Test("Folder entries with no file below them and a connector's second logo land nowhere, and say why: warnings, problems under --strict")
    func emptyFoldersAndSecondLogosAreAccountedFor() throws {
        let scene = try Scene()
        let logo = try #require(OrderSync.files.first { $0.0 == "acme_erp.custom_adapter.png" }?.1)
        // Folder entries as zip tools write them, for a folder with files and for two without.
        let extras: [HostileEntry] = [.directory("orders/"), .directory("drafts/"), .directory("drafts/empty/"),
                                      HostileEntry("acme_erp.custom_adapter.jpg", logo)]
        let package = scene.dir.write("extras.zip", HostileZip(OrderSync.files.map { HostileEntry($0.0, $0.1) } + extras).bytes())
        let unplaced = try PackageIndex(file: package).unplaced
        #expect(unplaced.map(\.entry) == ["acme_erp.custom_adapter.jpg", "drafts/", "drafts/empty/"], "\(unplaced)")
        #expect(unplaced.first?.reason.hasPrefix("a second logo of the custom connector whose logo is 'acme_erp.custom_adapter.png'") == true)
        #expect(unplaced.last?.reason.hasPrefix("a folder entry with no file in it") == true)
        let inspected = try InspectReport(package: package)
        #expect(inspected.unplaced == unplaced)
        let plan = try scene.session { try $0.plan(package: package, ImportOptions(project: "Order Sync")) }
        #expect(plan.unplaced == unplaced && plan.summary.warnings == plan.unresolved.count + 3)
        let strict = try scene.session { try $0.plan(package: package, ImportOptions(project: "Order Sync", strict: true)) }
        #expect(Set(strict.problems.compactMap(\.path)).isSuperset(of: unplaced.map(\.entry)))
    }

    @Test("A recipe's key whose slug names a connector of the package is tied to it without a connection, and rewritten on import")
    func keyTiedBySlug() throws {
        let scene = try Scene()
        // The connection that ties the recipes' key to "Acme ERP" is left out, as real packages do.
        let package = try Self.editedFixture(scene, "no-connection") {
            try FileManager.default.removeItem(atPath: $0 + "/connections/acme_erp_production.connection.json")
        }
        let index = try PackageIndex(file: package)
        #expect(index.connectorByKey[OrderSync.packageKey] == "acme_erp" && index.untiedKeys.isEmpty)
        let result = try scene.session { try $0.importPackage(package, ImportOptions(project: "Order Sync")) }
        let rewrite = try #require(result.plan.keyRewrites.first)
        #expect(result.plan.keyRewrites.count == 1 && rewrite.from == OrderSync.packageKey && rewrite.connector == "Acme ERP")
        let recipe = String(decoding: readAll(scene.workspace.path("Order Sync/orders/new_order_to_fulfilment.recipe.json")), as: UTF8.self)
        #expect(!recipe.contains(OrderSync.packageKey) && recipe.contains(rewrite.to))
    }

    @Test("Recipes that wait for the key map: a small package's are held in memory, a large one's spooled; both land byte for byte, keys rewritten")
    func largePackageSpools() throws {
        let scene = try Scene()
        let recipe = "orders/new_order_to_fulfilment.recipe.json"
        let package = try Self.editedFixture(scene, "large") { folder in
            // Copies of a recipe that uses the connector, each padded past 100 KB.
            let document = try JSONParser.parse(readAll(folder + "/" + recipe), file: recipe)
            guard case .object(var members) = document else { Issue.record("not an object"); return }
            members["notes"] = .string(String(repeating: "n", count: 100_000))
            for copy in 0..<45 { try Data(JSONWriter.pretty(.object(members))).write(to: URL(fileURLWithPath: "\(folder)/orders/copy_\(copy).recipe.json")) }
        }
        #expect(try ZipReader(path: package).files.reduce(0) { $0 + $1.size } > EntryPasses.heldInMemory)
        let small = try #require(try scene.plan().keyRewrites.first).files  // the fixture alone
        let result = try scene.session { try $0.importPackage(package, ImportOptions(project: "Order Sync")) }
        let rewrite = try #require(result.plan.keyRewrites.first)
        #expect(result.plan.problems.isEmpty && result.plan.summary.create == result.plan.assets.count && rewrite.files == small + 45)
        // Each as the package holds it, its key rewritten: byte for byte.
        for copy in ["new_order_to_fulfilment", "copy_0", "copy_44"] {
            let carried = String(decoding: readAll(scene.dir.file("large/orders/\(copy).recipe.json")), as: UTF8.self)
            let written = String(decoding: readAll(scene.workspace.path("Order Sync/orders/\(copy).recipe.json")), as: UTF8.self)
            #expect(carried.contains(OrderSync.packageKey) && written == carried.replacingOccurrences(of: OrderSync.packageKey, with: rewrite.to))
        }
        // The fixture alone, its recipes held in memory, likewise.
        let held = try Scene()
        let heldRewrite = try #require(try held.session { try $0.importPackage(held.package, ImportOptions(project: "Order Sync")) }.plan.keyRewrites.first)
        let carried = String(decoding: readAll(OrderSync.folder + "/orders/new_order_to_fulfilment.recipe.json"), as: UTF8.self)
        let written = String(decoding: readAll(held.workspace.path("Order Sync/orders/new_order_to_fulfilment.recipe.json")), as: UTF8.self)
        #expect(written == carried.replacingOccurrences(of: OrderSync.packageKey, with: heldRewrite.to))
    }

    // MARK: - The whole plan, and applying it

    @Test("A plan of the package against a temporary workspace: its values, and the workspace untouched")
    func wholePlan() throws {
        let scene = try Scene()
        let before = treeDigest(scene.workspace.root)
        let plan = try scene.plan()
        #expect(treeDigest(scene.workspace.root) == before)
        #expect(plan.project == "Order Sync" && plan.problems.isEmpty && plan.hasChanges)
        #expect(plan.assets.map(\.path) == plan.assets.map(\.path).sorted())
        #expect(plan.assets.allSatisfy { $0.action == .create && $0.path.hasPrefix("Order Sync/") && $0.newSHA256 != nil })
        #expect(plan.assets.contains { $0.path == "Order Sync/connections/acme_erp_production.connection.json" && $0.type == AssetType.connection })
        let connector = try #require(plan.connectors.first)
        #expect(plan.connectors.count == 1 && connector.action == .create && connector.newVersionNo == 1)
        #expect(plan.keyRewrites.map(\.from) == [OrderSync.packageKey] && plan.keyRewrites[0].to == connector.targetKey)
        #expect(plan.summary.create == plan.assets.count && plan.summary.connectorsCreated == 1 && plan.summary.problems == 0)
        #expect(plan.packageSHA256 == Hashing.sha256(readAll(scene.package)))
    }

    @Test("A saved plan is applied exactly; once the target changed, the same saved plan is refused and nothing is written")
    func applySaved() throws {
        let scene = try Scene()
        let file = scene.dir.file("plan.json")
        try scene.plan().save(to: file)
        let saved = try SavedPlan(file: file)

        let result = try scene.session { try $0.importPackage(scene.package, saved.options, saved: saved.plan) }
        #expect(result.plan.assets == saved.plan.assets && result.plan.connectors == saved.plan.connectors)
        #expect(result.connectorVersions.map(\.versionNo) == [1])
        for asset in saved.plan.assets {
            #expect(Hashing.sha256(readAll(scene.workspace.path(asset.path))) == asset.newSHA256, "\(asset.path)")
        }
        #expect(try scene.session { try $0.history() }.imports.map(\.record.id) == [result.id])
        #expect(!FileManager.default.fileExists(atPath: scene.workspace.path(".rlcm/txn")), "the staging area is gone")

        let second = scene.dir.file("plan-2.json")
        try scene.plan().save(to: second)
        let recipe = scene.workspace.path("Order Sync/orders/notify_ops_channel.recipe.json")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: recipe))
        let before = treeDigest(scene.workspace.root)
        let stale = try SavedPlan(file: second)
        #expect(throws: ImportError.self) { try scene.session { try $0.importPackage(scene.package, stale.options, saved: stale.plan) } }
        #expect(treeDigest(scene.workspace.root) == before)
    }

    // MARK: - Undo data

    /// A clock one second later at each call, so that every import gets an id of its own.
    final class Ticking: Sendable {
        private let seconds = Mutex(Double(fixedImportTime)!)
        func now() -> Date { seconds.withLock { $0 += 1; return Date(timeIntervalSince1970: $0) } }
    }

    @Test("Pruning: the newest records keep their undo data and the list of the objects each names, a record without a list is read whole, no other object stays")
    func pruning() throws {
        let scene = try Scene()
        let clock = Ticking()
        let environment = RunEnvironment(clock: { clock.now() }, cacheFolder: scene.dir.file("cache"), temporaryFolder: scene.dir.path)
        var settings = WorkspaceSettings(name: "Kept", environment: .production, dataCenter: .us, createdAt: environment.now)
        settings.undoKept = 2
        let workspace = try Workspace.create(at: scene.dir.file("kept"), settings: settings)
        let store = UndoStore(workspace: workspace)
        // Each import of the same package adds connector versions, so it changes the store's files.
        func importOrderSync() throws -> String {
            try workspace.session(environment) { try $0.importPackage(scene.package, ImportOptions(project: "Order Sync")) }.id
        }
        func named(_ ids: [String]) throws -> Set<String> { try Set(ids.flatMap { try #require(try store.record($0)).objects }) }
        func kept(_ suffix: String) throws -> [String] {
            try FileSystem.children(workspace.path(UndoStore.folder)).filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
        }
        func objects() throws -> Set<String> {
            let folder = workspace.path("\(UndoStore.folder)/objects")
            return Set(try FileSystem.children(folder).flatMap { prefix in try FileSystem.children("\(folder)/\(prefix)").map { prefix + $0 } })
        }

        _ = try importOrderSync()
        let second = try importOrderSync()
        // As a record written before the lists: pruning must read the record itself.
        try FileSystem.remove(workspace.path(UndoStore.objectListFile(second)))
        let third = try importOrderSync()
        #expect(try kept(".json") == [second, third] && kept(".objects") == [third])
        let secondNamed = try named([second])
        #expect(try !secondNamed.isEmpty && objects() == secondNamed.union(named([third])))

        let fourth = try importOrderSync()
        #expect(try kept(".json") == [third, fourth] && kept(".objects") == [third, fourth])
        #expect(try !secondNamed.subtracting(named([third, fourth])).isEmpty && objects() == named([third, fourth]))
        for id in [third, fourth] {
            let list = String(decoding: try FileSystem.read(workspace.path(UndoStore.objectListFile(id))), as: UTF8.self)
            #expect(try list == named([id]).sorted().map { "\($0)\n" }.joined())
        }
    }
}
