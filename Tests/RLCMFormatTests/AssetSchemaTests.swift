import Foundation
import RLCMTestSupport
import Testing

/// The JSON files of the order-sync fixture, relative to it (e.g. `orders/x.recipe.json`).
private func fixtureJSONFiles() -> [String] {
    let root = SchemaValidator.orderSyncFixture
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
    var files: [String] = []
    for case let url as URL in walker where url.pathExtension == "json" {
        files.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
    }
    return files.sorted()
}

private func fixtureObject(_ relativePath: String) throws -> [String: Any] {
    let data = try Data(contentsOf: SchemaValidator.orderSyncFixture.appendingPathComponent(relativePath))
    return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
}

private let allSchemas = ["recipe", "connection", "custom_adapter", "api_group", "api_endpoint", "reference", "export-manifest"]

@Suite struct AssetSchemaTests {
    @Test func fixtureIsPresentWithEveryAssetKind() {
        let files = fixtureJSONFiles()
        #expect(files.count >= 8, "order-sync fixture not found at \(SchemaValidator.orderSyncFixture.path)")
        let kinds = Set(files.compactMap(SchemaValidator.schemaName(forAssetFile:)))
        #expect(kinds == ["recipe", "connection", "custom_adapter", "api_group", "api_endpoint"])
    }

    static let workplaceFixture = SchemaValidator.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/order-sync").path

    @Test("The checked-in fixture is the workplace's order-sync project, byte for byte (where that sits beside the clone)",
          .enabled(if: FileManager.default.fileExists(atPath: workplaceFixture),
                   "the workplace's order-sync project is not beside the clone (../shared/fixtures/order-sync)"))
    func fixtureMatchesTheWorkplaceCopy() throws {
        #expect(treeDigest(SchemaValidator.orderSyncFixture.path) == treeDigest(Self.workplaceFixture))
    }

    @Test(arguments: fixtureJSONFiles())
    func fixtureFileIsValid(_ relativePath: String) throws {
        let schema = try #require(SchemaValidator.schemaName(forAssetFile: URL(fileURLWithPath: relativePath).lastPathComponent),
                                  "no schema for \(relativePath)")
        let errors = try SchemaValidator.errors(
            validatingFileAt: SchemaValidator.orderSyncFixture.appendingPathComponent(relativePath), against: schema)
        #expect(errors.isEmpty, "\(relativePath):\n\(errors.joined(separator: "\n"))")
    }

    @Test(arguments: allSchemas)
    func schemaIsWellFormedAndIdentified(_ name: String) throws {
        let data = try Data(contentsOf: SchemaValidator.schemasDirectory.appendingPathComponent("\(name).schema.json"))
        let schema = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["$id"] as? String == "https://rlcm.dev/schemas/\(name).schema.json")
        #expect((schema["title"] as? String)?.isEmpty == false)
        #expect((schema["description"] as? String)?.isEmpty == false)
    }

    static let manifestExample = #"""
    {
      "name": "Order Sync",
      "folder": "Order Sync",
      "assets": [
        {"type": "recipe", "name": "New order to fulfilment", "path": "Order Sync/orders/new_order_to_fulfilment.recipe.json", "zip_name": "orders/new_order_to_fulfilment.recipe.json", "checked": true, "dependency": false},
        {"type": "connection", "name": "Acme ERP (production)", "path": "Order Sync/connections/acme_erp_production.connection.json", "zip_name": "connections/acme_erp_production.connection.json", "checked": true, "dependency": false},
        {"type": "connection", "name": "Jira", "path": "Shared Connections/jira.connection.json", "zip_name": "Shared Connections/jira.connection.json", "checked": false, "dependency": true},
        {"type": "custom_adapter", "name": "Acme ERP", "zip_name": "acme_erp.custom_adapter.json", "checked": true, "dependency": true}
      ],
      "auto_generate_assets": true,
      "include_tags": false,
      "include_test_cases": false
    }
    """#

    @Test func manifestExampleIsValid() throws {
        let errors = try SchemaValidator.errors(validating: Data(Self.manifestExample.utf8), against: "export-manifest")
        #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
    }

    @Test func invalidManifestsFail() throws {
        var manifest = try #require(JSONSerialization.jsonObject(with: Data(Self.manifestExample.utf8)) as? [String: Any])
        var assets = try #require(manifest["assets"] as? [[String: Any]])
        assets[3]["path"] = "Order Sync/acme_erp.custom_adapter.json"   // connectors live in the store
        assets[0]["zip_name"] = "../escape.recipe.json"
        manifest["assets"] = assets
        let errors = try SchemaValidator.errors(validatingObject: manifest, against: "export-manifest")
        #expect(errors.contains { $0.hasPrefix("/assets/3") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("/assets/0/zip_name") }, "\(errors)")
    }

    @Test func recipeWithoutCodeFails() throws {
        var recipe = try fixtureObject("orders/new_order_to_fulfilment.recipe.json")
        recipe["code"] = nil
        let errors = try SchemaValidator.errors(validatingObject: recipe, against: "recipe")
        #expect(errors.contains { $0.contains("'code' is a required property") }, "\(errors)")
    }

    @Test func customAdapterWithVersionZeroFails() throws {
        var adapter = try fixtureObject("acme_erp.custom_adapter.json")
        adapter["version_no"] = 0
        let errors = try SchemaValidator.errors(validatingObject: adapter, against: "custom_adapter")
        #expect(errors.contains { $0.hasPrefix("/version_no") }, "\(errors)")
    }

    @Test func badStepsAreAllReported() throws {
        var recipe = try fixtureObject("orders/notify_ops_channel.recipe.json")
        var code = try #require(recipe["code"] as? [String: Any])
        var block = try #require(code["block"] as? [[String: Any]])
        block[0]["keyword"] = "loop"
        block[0]["uuid"] = String(repeating: "a", count: 37)
        code["block"] = block
        recipe["code"] = code
        recipe["version"] = "2"
        let errors = try SchemaValidator.errors(validatingObject: recipe, against: "recipe")
        #expect(errors.contains { $0.hasPrefix("/code/block/0/keyword") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("/code/block/0/uuid") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("/version") }, "\(errors)")
    }

    @Test func connectionProviderIsAStringOrAReference() throws {
        var connection = try fixtureObject("connections/acme_erp_production.connection.json")
        #expect(try SchemaValidator.errors(validatingObject: connection, against: "connection").isEmpty)
        connection["provider"] = ["name": "Acme ERP"]   // a reference needs zip_name and folder
        #expect(try !SchemaValidator.errors(validatingObject: connection, against: "connection").isEmpty)
        connection["provider"] = 42
        #expect(try !SchemaValidator.errors(validatingObject: connection, against: "connection").isEmpty)
    }

    @Test func invalidJSONIsReportedNotThrown() throws {
        let errors = try SchemaValidator.errors(validating: Data("{ not json".utf8), against: "recipe")
        #expect(errors.count == 1 && errors[0].hasPrefix("invalid JSON"))
    }
}
