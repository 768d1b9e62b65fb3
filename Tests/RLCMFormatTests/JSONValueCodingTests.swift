import Foundation
import Testing
@testable import RLCMFormat

/// `JSONValue` inside the API's Codable answers: written as the API always wrote it (numbers as
/// the `Int` or `Double` they spell, keys sorted by the server's encoder), read back the same.
@Suite struct JSONValueCodingTests {
    private func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func writesADocumentAsTheAPIDoes() throws {
        let document = try JSONParser.parse(Array(#"{"z": [1, 2.50, -0, 1e3, true, null], "a": {"path": "a/b", "n": "é"}}"#.utf8), file: "t.json")
        #expect(try encoded(document) == #"{"a":{"n":"é","path":"a/b"},"z":[1,2.5,0,1000,true,null]}"#)
    }

    @Test func readsBackWhatItWrote() throws {
        let text = #"{"a":{"n":"é","path":"a/b"},"z":[1,2.5,-7,1e+300,true,null,"1"]}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value["z"]?.arrayValue?.first == .number("1"))
        #expect(value["z"]?.arrayValue?.last == .string("1"))
        #expect(value["a"]?.objectValue?.keys == ["n", "path"])
        let again = try JSONDecoder().decode(JSONValue.self, from: Data(try encoded(value).utf8))
        #expect(again == value)
    }
}
