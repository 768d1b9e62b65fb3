import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// What the plan shows inside an updated asset: changed JSON paths by step, values shortened,
/// provider-key swaps told apart (the text folds them into one line).
@Suite struct AssetChangesTests {
    static let recipe = """
        {"name": "R", "code": {"number": 0, "keyword": "trigger", "provider": "acme_connector_1_2", "name": "new_order",
          "block": [{"number": 1, "keyword": "action", "provider": "acme_connector_1_2", "name": "get_order", "input": {"city": "Berlin", "id": "acme_connector_1_2"}}]},
         "config": [{"keyword": "application", "provider": "acme_connector_1_2"}]}
        """

    func changes(_ old: String, _ new: String) throws -> [ImportPlan.Change] {
        try #require(AssetChanges.paths(from: Array(old.utf8), to: Array(new.utf8), recipe: true))
    }

    @Test func oneValueIsOnePathNamedByItsStep() throws {
        let found = try changes(Self.recipe, Self.recipe.replacingOccurrences(of: "Berlin", with: "Hamburg"))
        #expect(found == [.init(path: "$.code.block[0].input.city", step: .init(number: 1, keyword: "action", provider: "acme_connector_1_2", name: "get_order"),
                                within: "input.city", old: "\"Berlin\"", new: "\"Hamburg\"")])
    }

    @Test func keyOrderAndFormattingAreNoChange() throws {
        #expect(try changes(#"{"a": 1, "b": [1, 2]}"#, "{\"b\":[1,2],\n\"a\":1}") == [])
    }

    @Test func addedAndRemovedPathsAndStepsAndLongValues() throws {
        let long = String(repeating: "x", count: 200)
        let new = Self.recipe.replacingOccurrences(of: #""city": "Berlin", "#, with: #""note": "\#(long)", "#)
            .replacingOccurrences(of: #""name": "R", "#, with: "")
        let found = try changes(Self.recipe, new)
        #expect(found.map(\.path) == ["$.code.block[0].input.note", "$.code.block[0].input.city", "$.name"])
        #expect(found[0].old == nil && found[0].new?.count == ImportPlan.Change.shownLength && found[0].new?.hasSuffix("…") == true)
        #expect(found[1].new == nil && found[1].old == "\"Berlin\"")
        #expect(found[2].step == nil && found[2].within == nil)
        let stepAdded = try changes(#"{"code": {"keyword": "trigger", "block": []}}"#,
                                    #"{"code": {"keyword": "trigger", "block": [{"number": 2, "keyword": "action", "name": "x"}]}}"#)
        #expect(stepAdded.count == 1 && stepAdded[0].step?.number == 2 && stepAdded[0].within == "" && stepAdded[0].old == nil)
    }

    @Test func providerKeySwapsAreTold() throws {
        let found = try changes(Self.recipe, Self.recipe.replacingOccurrences(of: "acme_connector_1_2", with: "acme_connector_3_4"))
        #expect(found.count == 4 && found.allSatisfy { $0.providerKey == .init(from: "acme_connector_1_2", to: "acme_connector_3_4") })
        #expect(AssetChanges.keySwap("a acme_connector_1_2", "b acme_connector_3_4") == nil)
        #expect(AssetChanges.keySwap("Berlin", "Hamburg") == nil)
    }

    @Test func configEntriesAreNoSteps() throws {
        let found = try changes(Self.recipe, Self.recipe.replacingOccurrences(of: #""keyword": "application""#, with: #""keyword": "app""#))
        #expect(found.map(\.path) == ["$.config[0].keyword"] && found[0].step == nil)
    }

    @Test func aStepInsertedInABlockIsOneAddition() throws {
        func block(_ steps: [(String, String)]) -> String {
            #"{"code": {"keyword": "trigger", "block": ["# + steps.map { #"{"uuid": "\#($0.0)", "keyword": "action", "name": "\#($0.1)"}"# }.joined(separator: ", ") + "]}}"
        }
        let found = try changes(block([("u1", "a"), ("u2", "b"), ("u3", "c")]), block([("u1", "a"), ("u9", "new"), ("u2", "b"), ("u3", "changed")]))
        #expect(found.map(\.path) == ["$.code.block[1]", "$.code.block[3].name"])
        #expect(found[0].old == nil && found[0].step?.name == "new" && found[1].old == "\"c\"" && found[1].new == "\"changed\"")
        let removed = try changes(block([("u1", "a"), ("u2", "b")]), block([("u2", "b")]))
        #expect(removed.map(\.path) == ["$.code.block[0]"] && removed[0].new == nil && removed[0].step?.name == "a")
    }

    /// Every document that `edits` makes from each fixture recipe by changing one value in place
    /// (a number, a string, a literal, the spacing before a value), each way round.
    static func oneValueEdits() throws -> [(old: [UInt8], new: [UInt8])] {
        let files = try FileManager.default.subpathsOfDirectory(atPath: OrderSync.folder).filter { $0.hasSuffix(".recipe.json") }
        let recipes = try files.map { try String(contentsOfFile: "\(OrderSync.folder)/\($0)", encoding: .utf8) } + [recipe]
        let values = try NSRegularExpression(pattern: #"(?<=:)(\s*)(-?[0-9]+(?:\.[0-9]+)?|"(?:[^"\\]|\\.)*"|true|false|null)"#)
        var pairs: [(old: [UInt8], new: [UInt8])] = []
        for text in recipes {
            let whole = text as NSString
            for match in values.matches(in: text, range: NSRange(location: 0, length: whole.length)) {
                let value = whole.substring(with: match.range(at: 2))
                let replacements = switch value.first {
                case "\"": ["\"x" + value.dropFirst(), " " + value]
                case "t", "f", "n": [value == "true" ? "false" : "true"]
                default: [value == "42" ? "43" : "42", value + "0", "  " + value]
                }
                for replacement in replacements {
                    let edited = Array(whole.replacingCharacters(in: match.range(at: 2), with: replacement).utf8)
                    pairs += [(Array(text.utf8), edited), (edited, Array(text.utf8))]
                }
            }
        }
        return pairs
    }

    @Test("documents that differ in one value compared by their bytes find what the trees find, and most are")
    func oneValueComparedByBytes() throws {
        let edits = try Self.oneValueEdits()
        var byBytes = 0
        for (old, new) in edits {
            let expected = AssetChanges.pathsOfTrees(from: old, to: new, recipe: true)
            #expect(AssetChanges.paths(from: old, to: new, recipe: true) == expected, "\(String(decoding: new, as: UTF8.self))")
            if JSONDifference.inOneValue(from: old, to: new, capturing: AssetChanges.stepKeys) != nil { byBytes += 1 }
        }
        #expect(edits.count > 200 && byBytes * 2 > edits.count, "\(byBytes) of \(edits.count) compared by bytes")
        let bumped = Self.recipe.replacingOccurrences(of: #""number": 1,"#, with: #""number": 12,"#)
        let edit = try #require(JSONDifference.inOneValue(from: Array(Self.recipe.utf8), to: Array(bumped.utf8), capturing: AssetChanges.stepKeys))
        #expect(edit.difference?.path == "$.code.block[0].number" && edit.difference?.old == .number("1") && edit.difference?.new == .number("12"))
    }

    @Test("bytes that differ in a step's uuid, a key, a literal or across two values are compared as trees")
    func otherDifferencesAreComparedAsTrees() {
        let pairs = [(#"{"b": [{"uuid": "u1", "n": 1}]}"#, #"{"b": [{"uuid": "u2", "n": 1}]}"#),
                     (#"{"a": 1}"#, #"{"b": 1}"#), (#"{"a": true}"#, #"{"a": false}"#), (#"[1, 2]"#, #"[3, 4]"#),
                     (#"{"a": 1}"#, #"{"a": [1]}"#), (#"{"a": 1}"#, #"{"a": 1"#)]
        for (old, new) in pairs {
            #expect(JSONDifference.inOneValue(from: Array(old.utf8), to: Array(new.utf8), capturing: []) == nil, "\(old) -> \(new)")
        }
    }
}
