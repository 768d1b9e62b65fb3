import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat

/// An asset's type is the last name segment before `.json` (real exports add `.1.` counters), and
/// a connector's trio is `.custom_adapter.{json,rb,png,jpg,jpeg}`; anything else is a plain file.
@Suite struct AssetTypeTests {
    @Test(arguments: [
        ("orders/new_order.recipe.json", "recipe"),
        ("orchestrator.1.api_endpoint.json", "api_endpoint"),
        ("a/b/Integrations: CRM | ERP/x.connection.json", "connection"),
        ("取引先登録/法人番号システム.connection.json", "connection"),
        ("account_properties.properties.json", "properties"),
        ("apps/properties.project_properties.json", "project_properties"),
        ("acme.custom_adapter.json", "custom_adapter"),
        ("acme.custom_adapter.rb", "custom_adapter"),
        ("acme.custom_adapter.jpeg", "custom_adapter"),
        ("portal/account.lcap_page.zip", nil),
        ("acme.custom_adapter.gif", nil),
        ("tags.json", nil),
        ("x..json", nil),
        (".hidden.recipe.json", nil),
        ("README.txt", nil),
        ("a.b.recipe.JSON", nil),
    ] as [(String, AssetType?)])
    func typeOfAName(_ path: String, _ type: AssetType?) {
        #expect(AssetType.of(path) == type, "\(path)")
    }

    /// Reports and API answers carry a type as its plain name, known to rlcm or not.
    @Test func encodesAsItsName() throws {
        let text = String(decoding: try JSONEncoder().encode([AssetType.recipe, .agenticGenie, AssetType("new_type")]), as: UTF8.self)
        #expect(text == #"["recipe","agentic_genie","new_type"]"#)
        #expect(try JSONDecoder().decode([AssetType].self, from: Data(#"["lookup_table","x"]"#.utf8)) == [.lookupTable, "x"])
    }

    /// A connector's trio shares the path before its last `.custom_adapter.`.
    @Test func connectorBaseIsThePathBeforeTheLastMarker() {
        #expect(AssetType.connectorBase("acme_erp.custom_adapter.json") == "acme_erp")
        #expect(AssetType.connectorBase("Shared/é ü.custom_adapter.png") == "Shared/é ü")
        #expect(AssetType.connectorBase("a/b.custom_adapter.custom_adapter.rb") == "a/b.custom_adapter")
        #expect(AssetType.connectorBase(".custom_adapter.rb") == "")
        #expect(AssetType.connectorBase("acme.custom_adapter") == nil)
        #expect(AssetType.connectorBase("x.recipe.json") == nil)
    }
}
