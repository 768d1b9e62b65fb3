import Foundation
import RLCMKitTestSupport
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// Values per environment, in process: the plan says where each property the recipes read gets
/// its value, `--strict` refuses what has none, and the import merges the values file into the
/// property files, keeping what the target has.
@Suite("Values per environment, in process")
struct ValuesTests {
    static let secret = "s3cr3t-value-that-must-not-leak"

    /// A copy of the sample production workspace whose "Order Sync" has the account property
    /// `erp.region`, and the order-sync fixture as a package whose recipe reads `erp.region`,
    /// `erp.base_url` and the project property `ops.channel`.
    final class Scene {
        let dir = TempDir()
        let workspace: Workspace
        let environment: RunEnvironment
        let package: String
        let accountFile = "account_properties.properties.json"
        let projectFile = "Order Sync/properties.project_properties.json"

        init() throws {
            environment = .testing(in: dir.path)
            workspace = try .sample("production", copiedTo: dir.file("production"))
            writeBytes(Array(#"{"erp.region": "eu-1"}"#.utf8), to: workspace.path(accountFile))

            let folder = dir.file("package"), recipe = folder + "/orders/notify_ops_channel.recipe.json"
            try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: folder)
            func pill(_ type: String, _ name: String) -> String { #"_dp('{\"pill_type\":\"\#(type)\",\"property_name\":\"\#(name)\"}')"# }
            let reads = ##""region": "#{\##(pill("account_property", "erp.region"))}", "url": "=\##(pill("account_property", "erp.base_url"))", "channel": "#{\##(pill("project_property", "ops.channel"))}", "name": "Notify ops channel""##
            let text = try String(contentsOfFile: recipe, encoding: .utf8)
            try text.replacingOccurrences(of: #""name": "Notify ops channel""#, with: reads).write(toFile: recipe, atomically: true, encoding: .utf8)
            try #"{"erp.region": null, "erp.base_url": null}"#.write(toFile: folder + "/account_properties.properties.json", atomically: true, encoding: .utf8)
            package = dir.file("package.zip")
            try ImportPipelineTests.Scene.zip(folder, to: package)
        }

        func session<T>(_ body: (WorkspaceSession) throws -> T) throws -> T { try workspace.session(environment, body) }

        func options(strict: Bool = false, values: Values? = nil) -> ImportOptions {
            ImportOptions(project: "Order Sync", restartRecipes: true, strict: strict, values: values)
        }

        /// The values file giving the two missing values, one of them from a variable.
        func values(_ text: String = ##"{"format_version": 1, "account_properties": {"erp.base_url": {"env": "ERP_URL"}}, "project_properties": {"Order Sync": {"ops.channel": "#ops-prod"}}}"##, valid: Bool = true) throws -> Values {
            let file = dir.file("values.json")
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            if valid { try Pkg.expectValid(text, against: "values") }
            return try ValuesFile(file: file).resolved { $0 == "ERP_URL" ? ValuesTests.secret : nil }
        }

        func json(_ path: String) throws -> JSONValue { try JSONParser.parse(readAll(workspace.path(path)), file: path) }
    }

    @Test("The plan lists the two properties the target lacks, with the recipe and JSON path; --strict refuses and writes nothing")
    func missingPropertiesAreNamed() throws {
        let scene = try Scene()
        let plan = try scene.session { try $0.plan(package: scene.package, scene.options()) }
        let rows = try #require(plan.properties)
        #expect(rows.map(\.name) == ["erp.base_url", "erp.region", "ops.channel"])
        #expect(rows.map(\.source) == [.nowhere, .target, .nowhere])
        #expect(rows[0].readers == [.init(entry: "orders/notify_ops_channel.recipe.json", jsonPath: "$.url")])
        #expect(plan.summary.warnings == 2 && plan.problems.isEmpty)

        let before = treeDigest(scene.workspace.root)
        let strict = try scene.session { try $0.plan(package: scene.package, scene.options(strict: true)) }
        #expect(strict.problems.count == 2 && strict.problems.allSatisfy { $0.message.contains("has a value neither in the target nor in the values file") })
        #expect(strict.problems.map(\.kind) == [.property, .property] && strict.problems.map(\.jsonPath) == ["$.url", "$.channel"], "\(strict.problems)")
        #expect(throws: ImportError.self) { try scene.session { try $0.importPackage(scene.package, scene.options(strict: true)) } }
        #expect(treeDigest(scene.workspace.root).filter { $0.key != ".rlcm/lock" } == before.filter { $0.key != ".rlcm/lock" })
    }

    @Test("With a values file the plan is clean and the import sets both values, the target's own untouched; a second import changes no property file")
    func valuesAreSetAndMerged() throws {
        let scene = try Scene()
        let values = try scene.values()
        let plan = try scene.session { try $0.plan(package: scene.package, scene.options(strict: true, values: values)) }
        #expect(plan.problems.isEmpty && plan.summary.warnings == 0)
        #expect(plan.properties?.map(\.source) == [.valuesFile, .target, .valuesFile])
        _ = try scene.session { try $0.importPackage(scene.package, scene.options(strict: true, values: values)) }
        #expect(try scene.json(scene.accountFile) == .object(JSONObject([("erp.region", .string("eu-1")), ("erp.base_url", .string(ValuesTests.secret))])))
        #expect(try scene.json(scene.projectFile)["data"]?["ops.channel"] == .string("#ops-prod"))

        let again = try scene.session { try $0.importPackage(scene.package, scene.options(strict: true, values: values)) }
        #expect(again.plan.assets.filter { $0.path.contains("properties") }.allSatisfy { $0.action == .keep })
    }

    @Test("A value read from the environment appears nowhere but in its property file: not in the plan, the result, the history or undo data")
    func secretsStayInTheirFile() throws {
        let scene = try Scene()
        let values = try scene.values()
        let plan = try scene.session { try $0.plan(package: scene.package, scene.options(values: values)) }
        let result = try scene.session { try $0.importPackage(scene.package, scene.options(values: values)) }
        let planJSON = try plan.json(), resultJSON = try result.json()
        #expect(!planJSON.contains(ValuesTests.secret) && !resultJSON.contains(ValuesTests.secret))
        let holding = FileManager.default.enumerator(atPath: scene.workspace.root)!.compactMap { $0 as? String }.filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: scene.workspace.path(path), isDirectory: &isFolder) && !isFolder.boolValue && String(decoding: readAll(scene.workspace.path(path)), as: UTF8.self).contains(ValuesTests.secret)
        }
        #expect(holding == [scene.accountFile])
        #expect(throws: ValuesError.missingVariable("ERP_URL", property: "erp.base_url", file: scene.dir.file("values.json"))) {
            try ValuesFile(file: scene.dir.file("values.json")).resolved { _ in nil }
        }
    }

    @Test("A saved plan is stale once a value changes; limits and malformed files are refused naming the place")
    func staleAndInvalid() throws {
        let scene = try Scene()
        let first = try scene.session { try $0.plan(package: scene.package, scene.options(values: try scene.values())) }
        let changed = try scene.values(#"{"format_version": 1, "account_properties": {"erp.base_url": "https://other.example"}}"#)
        let now = try scene.session { try $0.plan(package: scene.package, scene.options(values: changed)) }
        #expect(ImportApplier.changes(from: first, to: now).contains("the values given (--values) are not the ones the plan was made with"))

        let long = try scene.values(#"{"format_version": 1, "account_properties": {"erp.base_url": "\#(String(repeating: "x", count: 1025))"}}"#, valid: false)
        let refused = try scene.session { try $0.plan(package: scene.package, scene.options(values: long)) }
        #expect(refused.problems == [PlanProblem(.property, path: "account_properties.properties.json", "the value of property 'erp.base_url' is 1025 characters; the platform allows 1024")])

        let file = scene.dir.file("bad.json")
        for (text, place) in [(#"{"format_version": 2}"#, "$.format_version"), (#"{"format_version": 1, "extra": {}}"#, "$.extra"),
                              (#"{"format_version": 1, "account_properties": {"a": 1}}"#, "$.account_properties.a")] {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            #expect { try ValuesFile(file: file) } throws: { error in
                guard case ValuesError.invalid(_, let path, _) = error else { return false }
                return path == place
            }
        }
    }

    @Test("rlcm values writes every property the recipes read with the target's value or null; filled in, it makes the plan clean")
    func templateStartsACompleteFile() throws {
        let scene = try Scene()
        let template = try scene.session { try $0.valuesTemplate(package: scene.package, scene.options()) }
        let text = try template.json()
        try Pkg.expectValid(text, against: "values")
        #expect(template.accountProperties.map(\.name) == ["erp.base_url", "erp.region"])
        #expect(template.accountProperties.map(\.value) == [nil, "eu-1"])
        #expect(template.projectProperties["Order Sync"]?.map(\.name) == ["ops.channel"])
        #expect(template.connectors.isEmpty && !text.contains("\"connectors\""), "the fixture's connections tie its key")
        let filled = text.replacingOccurrences(of: "\"erp.base_url\": null", with: "\"erp.base_url\": \"https://erp.example\"")
            .replacingOccurrences(of: "\"ops.channel\": null", with: "\"ops.channel\": \"#ops\"")
        #expect(filled != text)
        let plan = try scene.session { try $0.plan(package: scene.package, scene.options(strict: true, values: try scene.values(filled))) }
        #expect(plan.problems.isEmpty && plan.summary.warnings == 0)
    }

    @Test("A connection binding: the recipes reference production's connection, no placeholder is created, a second import changes nothing")
    func connectionBinding() throws {
        let scene = try Scene()
        let package = scene.dir.file("order-sync.zip")
        _ = try Workspace.sample("sandbox", copiedTo: scene.dir.file("sandbox")).session(scene.environment) {
            try $0.export(folder: "Order Sync", to: package, allowUnresolved: true)
        }
        let from = "Order Sync/connections/acme_erp_sandbox.connection.json", to = "Order Sync/connections/acme_erp_production.connection.json"
        let values = try scene.values(##"{"format_version": 1, "connections": {"\##(from)": "\##(to)"}}"##)

        let template = try scene.session { try $0.valuesTemplate(package: package, scene.options()) }
        #expect(template.connections.first { $0.name == from }?.value == nil, "the target has no connection at the package's path")

        let result = try scene.session { try $0.importPackage(package, scene.options(values: values)) }
        #expect(result.plan.bindings == [from: to] && result.plan.problems.isEmpty)
        #expect(result.plan.assets.first { $0.path == from }?.action == .bound)
        #expect(!FileManager.default.fileExists(atPath: scene.workspace.path(from)), "no placeholder")
        let recipe = String(decoding: readAll(scene.workspace.path("Order Sync/orders/new_order_to_fulfilment.recipe.json")), as: UTF8.self)
        #expect(recipe.contains("\"zip_name\": \"connections/acme_erp_production.connection.json\"") && !recipe.contains("acme_erp_sandbox"))

        let again = try scene.session { try $0.plan(package: package, scene.options(values: values)) }
        #expect(again.summary.create == 0 && again.summary.update == 0)

        let wrong = try scene.values(##"{"format_version": 1, "connections": {"\##(from)": "Order Sync/connections/nowhere.connection.json", "Order Sync/none.connection.json": "\##(to)"}}"##)
        let refused = try scene.session { try $0.plan(package: package, scene.options(values: wrong)) }
        #expect(Set(refused.problems.map(\.kind)) == [.connectionBinding])
        #expect(refused.problems.map(\.message).sorted() == [
            "connection binding '\(from)' -> 'Order Sync/connections/nowhere.connection.json': the target has no connection at 'Order Sync/connections/nowhere.connection.json'",
            "connection binding 'Order Sync/none.connection.json': no connection of the package lands there or is referenced there",
        ])
    }

    @Test("A connector tie: the plan names the connector no recipe is tied to beside the key nothing ties; the values file ties them, the key is rewritten on import and the connector exported again with the recipes; bad ties are problems naming key and title")
    func connectorTie() throws {
        let scene = try Scene()
        let package = scene.dir.write("renamed.zip", OrderSync.renamedConnectorZip())
        let key = OrderSync.packageKey
        // A new project: the target has no connection there that would tie the key to its own "Acme ERP".
        func options(_ values: Values? = nil) -> ImportOptions { ImportOptions(project: "Imported", values: values) }
        let untied = try scene.session { try $0.plan(package: package, options()) }.unresolved.filter { $0.providerKey == key }
        #expect(!untied.isEmpty && untied.allSatisfy {
            $0.meaning.contains("the package carries the custom connector 'Acme Cloud ERP' that no recipe is tied to")
                && $0.meaning.contains(#"tie them in the values file ("connectors": {"\#(key)": "Acme Cloud ERP"})"#)
        }, "\(untied.map(\.meaning))")

        // The values file rlcm writes lists the key, for the team to say which connector it is.
        let template = try scene.session { try $0.valuesTemplate(package: package, options()) }
        #expect(template.connectors.map(\.name) == [key] && template.connectors.allSatisfy { $0.value == nil })
        let text = try template.json()
        try Pkg.expectValid(text, against: "values")
        let filled = text.replacingOccurrences(of: #""\#(key)": null"#, with: #""\#(key)": "Acme Cloud ERP""#)
        #expect(filled != text)
        let tie = try scene.values(filled)
        let plan = try scene.session { try $0.plan(package: package, options(tie)) }
        #expect(plan.problems.isEmpty && !plan.unresolved.contains { $0.providerKey == key }, "\(plan.problems) \(plan.unresolved)")
        let connector = try #require(plan.connectors.first { $0.title == "Acme Cloud ERP" })
        #expect(connector.action == .create && connector.packageKeys == [key])
        #expect(plan.keyRewrites.map(\.from) == [key] && plan.keyRewrites.first?.to == connector.targetKey)
        _ = try scene.session { try $0.importPackage(package, options(tie)) }
        let recipe = String(decoding: readAll(scene.workspace.path("Imported/orders/new_order_to_fulfilment.recipe.json")), as: UTF8.self)
        #expect(!recipe.contains(key) && recipe.contains(connector.targetKey))
        let exported = scene.dir.file("exported.zip")
        _ = try scene.session { try $0.export(folder: "Imported", to: exported, allowUnresolved: true) }
        let titles = try Pkg.entries(exported).filter { $0.key.hasSuffix(".custom_adapter.json") }.map { try Pkg.object(bytes: $0.value)["title"] as? String }
        #expect(titles.contains("Acme Cloud ERP"), "\(titles)")

        // A key no recipe uses, a title nothing has, and a key the package ties to another connector already.
        let bad = try scene.values(#"{"format_version": 1, "connectors": {"nobody_connector_1_2": "Acme Cloud ERP", "\#(key)": "No Such ERP"}}"#)
        let refused = try scene.session { try $0.plan(package: package, options(bad)) }
        #expect(refused.problems.filter { $0.kind == .connectorTie }.map(\.message) == [
            "connector tie '\(key)' -> 'No Such ERP': neither the package (which carries 'Acme Cloud ERP') nor the target has a custom connector titled 'No Such ERP'",
            "connector tie 'nobody_connector_1_2' -> 'Acme Cloud ERP': no recipe of the package uses this provider key",
        ])
        let tied = try scene.values(#"{"format_version": 1, "connectors": {"\#(key)": "Acme Cloud ERP"}}"#)
        let taken = try scene.session { try $0.plan(package: scene.package, scene.options(values: tied)) }
        #expect(taken.problems.map(\.message) == ["connector tie '\(key)' -> 'Acme Cloud ERP': the package already ties this key to its connector 'Acme ERP'"])

        let file = scene.dir.file("bad.json")
        for (text, place) in [(#"{"format_version": 1, "connectors": []}"#, "$.connectors"), (#"{"format_version": 1, "connectors": {"k": 3}}"#, "$.connectors.k"),
                              (#"{"format_version": 1, "connectors": {"k": " "}}"#, "$.connectors.k")] {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            #expect { try ValuesFile(file: file) } throws: { error in
                guard case ValuesError.invalid(_, let path, _) = error else { return false }
                return path == place
            }
        }
    }
}
