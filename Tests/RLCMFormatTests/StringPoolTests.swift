import Testing
@testable import RLCMFormat

/// The assets of a package repeat the same connections, keys and JSON paths thousands of times:
/// scanned with one pool, they keep one copy of each.
@Suite("String pool")
struct StringPoolTests {
    /// Where a string's bytes are stored: equal for two strings only when they share storage.
    static func storage(_ string: String) -> UnsafeRawPointer? {
        var string = string
        return string.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    static func recipe(_ name: String) -> [UInt8] {
        Array("""
            {"name": "\(name)", "code": {"keyword": "trigger", "block": [
               {"provider": "acme_erp_connector_4711_1767225600", "keyword": "action", "name": "get_invoice_by_number"}]},
             "config": [{"provider": "acme_erp_connector_4711_1767225600",
                         "account_id": {"zip_name": "connections/acme_erp_production.connection.json", "name": "ACME ERP production"}}]}
            """.utf8)
    }

    @Test("two assets scanned with one pool share every string they keep; with two pools they do not")
    func assetsShareTheirStrings() throws {
        let pool = StringPool()
        let a = try AssetLinks.scan(Self.recipe("A"), file: "a.recipe.json", strings: pool).links
        let b = try AssetLinks.scan(Self.recipe("B"), file: "b.recipe.json", strings: pool).links
        let c = try AssetLinks.scan(Self.recipe("C"), file: "c.recipe.json", strings: StringPool()).links
        let kept: [(AssetLinks) -> String] = [
            { $0.references[0].zipName }, { $0.references[0].jsonPath }, { $0.references[0].name! },
            { $0.providerKeys[0].key }, { $0.providerKeys[0].jsonPath }, { $0.steps[0].name },
            { $0.connectionByProvider.keys.first! }, { $0.connectionByProvider.values.first! },
        ]
        for string in kept {
            #expect(string(a) == string(c))
            #expect(Self.storage(string(a)) == Self.storage(string(b)), "\(string(a))")
            #expect(Self.storage(string(a)) != Self.storage(string(c)), "\(string(a))")
        }
    }
}
