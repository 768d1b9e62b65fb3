import Foundation
import Testing
@testable import RLCMFormat

/// rlcm's state files are encoded and decoded without Foundation's coders, and must read and write
/// exactly what those did: `JSONEncoder` with sorted keys, parsed and written pretty, and
/// `JSONDecoder`'s reading of it.
@Suite struct StateCodingTests {
    enum Kind: String, Codable { case recipe, connection }

    enum Change: Codable, Equatable {
        case created(path: String)
        case moved(from: String, to: String, size: Int?)
    }

    struct Record: Codable, Equatable {
        var name: String
        var kind: Kind
        var count: Int
        var ratio: Double
        var small: Int8
        var large: UInt64
        var flag: Bool
        var note: String?
        var tags: [String]
        var files: [String: String]
        var byNumber: [Int: Bool]
        var nested: [[Int]]
        var changes: [Change]
        var document: JSONValue
        @Nullable var always: String?

        enum CodingKeys: String, CodingKey {
            case name, kind, count, ratio, small, large, flag, note, tags, files, nested, changes, document, always
            case byNumber = "by_number"
        }
    }

    static let record = Record(
        name: "Orders \"EU\"/é\u{1}", kind: .connection, count: -42, ratio: 2.5, small: -8, large: .max, flag: true, note: nil,
        tags: ["b", "a/b", ""], files: ["b": "2", "B": "1", "a10": "x", "a9": "y", "é": "z", "_": "u"], byNumber: [10: true, 9: false],
        nested: [[], [1, 2]], changes: [.created(path: "p"), .moved(from: "a", to: "b", size: nil), .moved(from: "c", to: "d", size: 3)],
        document: try! JSONParser.parse(Array(#"{"z": [1, 2.50, -0, 1e3, 1e-7, true, null, {}], "a": {"path": "a/b"}}"#.utf8), file: "t.json"),
        always: nil)

    /// What `StateCoding.encode` wrote when it used `JSONEncoder`.
    private func foundationEncoded(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return JSONWriter.pretty(try JSONParser.parse(Array(try encoder.encode(value)), file: "(output)")) + [0x0A]
    }

    @Test func writesWhatJSONEncoderWrote() throws {
        let written = try StateCoding.encode(Self.record)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: try foundationEncoded(Self.record), as: UTF8.self))
        for value in [1.0, 0.1, 1e-7, 1e21, 123456789012345678.0, -0.0, 1.5e300] {
            #expect(try StateCoding.encode([value]) == (try foundationEncoded([value])), "\(value)")
        }
        #expect(try StateCoding.encode([Float(0.1), 3]) == (try foundationEncoded([Float(0.1), 3])))
        #expect(try StateCoding.encode(["k": [String: Int]()]) == (try foundationEncoded(["k": [String: Int]()])))
    }

    @Test func readsBackWhatItWrote() throws {
        let read = try StateCoding.decode(Record.self, from: try StateCoding.encode(Self.record), file: "r.json")
        var expected = Self.record
        // A number inside a JSON value is written as the Int or Double it spells.
        expected.document = try JSONParser.parse(Array(#"{"a": {"path": "a/b"}, "z": [1, 2.5, 0, 1000, 1e-07, true, null, {}]}"#.utf8), file: "t.json")
        #expect(read == expected)
        #expect(read == (try JSONDecoder().decode(Record.self, from: Data(try foundationEncoded(Self.record)))))
    }

    @Test func readsWholeNumbersAsIntegersAsJSONDecoderDid() throws {
        struct Counts: Codable, Equatable { var a: Int; var b: UInt8; var c: Double }
        let text = Array(#"{"a": 1.0, "b": 2e1, "c": 3}"#.utf8)
        #expect(try StateCoding.decode(Counts.self, from: text, file: "c.json") == Counts(a: 1, b: 20, c: 3))
        #expect(try JSONDecoder().decode(Counts.self, from: Data(text)) == Counts(a: 1, b: 20, c: 3))
    }

    /// Each failure names the file and says what is wrong where, as `JSONDecoder`'s errors did.
    @Test(arguments: [
        (#"{"a": 1"#, "state file 'f.json' cannot be read: "),
        (#"{"b": 1}"#, #"No value associated with key CodingKeys(stringValue: "a", intValue: nil) ("a")"#),
        (#"{"a": "1"}"#, "Expected to decode Int8 but found a string instead."),
        (#"{"a": null}"#, "Expected Int8 value but found null instead."),
        (#"{"a": 300, "b": [1, 2]}"#, "Number 300 is not representable in Swift as Int8."),
        (#"{"a": 1, "b": [1, "x"]}"#, "Expected to decode Int8 but found a string instead."),
    ])
    func failsAsJSONDecoderDid(text: String, message: String) throws {
        struct Small: Codable { var a: Int8; var b: [Int8]? }
        let error = #expect(throws: StateCoding.Corrupt.self) { try StateCoding.decode(Small.self, from: Array(text.utf8), file: "f.json") }
        #expect(error?.description.hasPrefix("state file 'f.json' cannot be read: ") == true)
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Small.self, from: Data(text.utf8)) }
    }

    @Test func reportsWhereInTheDocumentAValueIsWrong() throws {
        struct Outer: Codable { var items: [Inner] }
        struct Inner: Codable { var n: Int }
        let text = Array(#"{"items": [{"n": 1}, {"n": true}]}"#.utf8)
        let error = #expect(throws: StateCoding.Corrupt.self) { try StateCoding.decode(Outer.self, from: text, file: "f.json") }
        guard case .typeMismatch(_, let context) = try #require(try decodingError(Outer.self, text)) else { Issue.record("not a type mismatch"); return }
        #expect(context.codingPath.map(\.stringValue) == ["items", "Index 1", "n"])
        #expect(error?.detail.contains("Path: items[1].n") == true, "\(error?.detail ?? "")")
    }

    private func decodingError<T: Decodable>(_ type: T.Type, _ text: [UInt8]) throws -> DecodingError? {
        do {
            _ = try JSONValueDecoder.decode(type, from: try JSONParser.parse(text, file: "f.json"))
            return nil
        } catch let error as DecodingError {
            return error
        }
    }
}
