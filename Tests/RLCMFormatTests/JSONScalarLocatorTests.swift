import Testing
@testable import RLCMFormat

@Suite struct JSONScalarLocatorTests {
    static let recipe = #"{"version": 12, "code": {"keyword": "trigger", "block": [{"number": 1, "input": {"city": "Berlin"}, "keyword": "action"}]}, "x": "\u00e9"}"#

    func locate(_ text: String, _ value: String, capturing: Set<String> = ["keyword", "number"]) throws -> JSONLocatedScalar? {
        let bytes = Array(text.utf8)
        let start = try #require(text.utf8.firstRange(of: value.utf8)).lowerBound
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: start)
        return JSONLocatedScalar.covering(offset..<(offset + value.utf8.count), in: bytes, capturing: capturing)
    }

    @Test("a value is found by its bytes, with its path and the members asked for of each object around it, even those after it")
    func foundWithItsContainers() throws {
        let city = try #require(try locate(Self.recipe, #""Berlin""#))
        #expect(city.steps == [.key("code"), .key("block"), .index(0), .key("input"), .key("city")])
        #expect(city.containers == [["keyword": .string("trigger")], nil, ["number": .number("1"), "keyword": .string("action")], [:]])
        let version = try #require(try locate(Self.recipe, "2"))
        #expect(version.steps == [.key("version")] && version.containers.isEmpty)
        #expect(Array(Array(Self.recipe.utf8)[version.range]) == Array("12".utf8))
    }

    @Test("keys, literals, strings with escapes and spans across values are not found")
    func notFound() throws {
        #expect(try locate(Self.recipe, "\"version\"") == nil)
        #expect(try locate(Self.recipe, #"\u00e9"#) == nil)
        #expect(try locate(#"{"a": true}"#, "true") == nil)
        #expect(try locate(#"[1, 2]"#, "1, 2") == nil)
    }

    @Test("once the value and what is around it below the root are read, the rest is not")
    func stopsOnceFound() throws {
        #expect(try locate(#"{"version": 3, "rest": [}"#, "3", capturing: []) != nil)
        #expect(try locate(#"{"a": {"b": 3}, "rest": [}"#, "3") != nil)
        #expect(try locate(#"{"a": {"b": 3, "rest": [}}"#, "3") == nil)
    }
}
