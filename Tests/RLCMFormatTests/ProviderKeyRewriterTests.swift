import RLCMTestSupport
import Testing
@testable import RLCMFormat

@Suite struct ProviderKeyRewriterTests {
    let rewriter = ProviderKeyRewriter(["acme__connector_1_2": "acme_connector_77_88", "parcel_connector_3_4": "parcel_connector_5_6"])

    func rewrite(_ text: String) -> (String, Int) {
        let result = rewriter.rewrite(Array(text.utf8))
        return (String(decoding: result.bytes, as: UTF8.self), result.count)
    }

    @Test func replacesWholeWordsInProvidersAndDataPills() {
        let (text, count) = rewrite(##"{"provider": "acme__connector_1_2", "x": "#{_dp('{\"provider\":\"acme__connector_1_2\"}')}", "y": "parcel_connector_3_4"}"##)
        #expect(text == ##"{"provider": "acme_connector_77_88", "x": "#{_dp('{\"provider\":\"acme_connector_77_88\"}')}", "y": "parcel_connector_5_6"}"##)
        #expect(count == 3)
    }

    @Test func leavesLongerWordsAndOtherBytesAlone() {
        for text in ["acme__connector_1_23", "xacme__connector_1_2", "acme__connector_1_2x", "{}", ""] {
            #expect(rewrite(text) == (text, 0))
        }
        #expect(rewrite("acme__connector_1_2") == ("acme_connector_77_88", 1))
        #expect(rewrite("-acme__connector_1_2acme__connector_1_2 acme__connector_1_2.") == ("-acme__connector_1_2acme__connector_1_2 acme_connector_77_88.", 1))
    }

    @Test("a key whose slug keeps non-ASCII letters matches whole, never inside a longer one")
    func nonASCIISlugsAreWords() {
        let keys = ProviderKeyRewriter(["システム_connector_1_2": "システム_connector_9_9"])
        let text = #"{"provider": "法人番号システム_connector_1_2", "other": "システム_connector_1_2"}"#
        let result = keys.rewrite(Array(text.utf8))
        #expect(String(decoding: result.bytes, as: UTF8.self) == #"{"provider": "法人番号システム_connector_1_2", "other": "システム_connector_9_9"}"#)
        #expect(result.count == 1)
    }

    @Test func identityMapsChangeNothing() {
        let same = ProviderKeyRewriter(["k_connector_1_2": "k_connector_1_2"])
        #expect(same.isEmpty)
        #expect(same.rewrite(Array("k_connector_1_2".utf8)).count == 0)
    }
}
