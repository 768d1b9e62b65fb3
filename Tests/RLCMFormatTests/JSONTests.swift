import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat

// MARK: - Helpers

private func parse(_ text: String, limits: JSONLimits = .default) throws(JSONError) -> JSONValue {
    try JSONParser.parse(Array(text.utf8), file: "t.json", limits: limits)
}

/// The error for a document that must be rejected.
private func rejection(_ bytes: [UInt8], limits: JSONLimits = .default) -> JSONError? {
    do {
        _ = try JSONParser.parse(bytes, file: "t.json", limits: limits)
        return nil
    } catch {
        return error
    }
}

private func rejection(_ text: String, limits: JSONLimits = .default) -> JSONError? {
    rejection(Array(text.utf8), limits: limits)
}

private let fixturesRoot = SchemaValidator.orderSyncFixture

private func fixtureFiles() -> [(name: String, bytes: [UInt8])] {
    let fm = FileManager.default
    guard let walker = fm.enumerator(at: fixturesRoot, includingPropertiesForKeys: nil) else { return [] }
    var result: [(String, [UInt8])] = []
    for case let url as URL in walker where url.pathExtension == "json" {
        if let data = fm.contents(atPath: url.path) {
            result.append((String(url.path.dropFirst(fixturesRoot.path.count + 1)), Array(data)))
        }
    }
    return result.sorted { $0.0 < $1.0 }
}

// MARK: - Accepting

@Test func parsesScalarsAndKeepsLiterals() throws {
    #expect(try parse("null") == .null)
    #expect(try parse(" true ") == .bool(true))
    #expect(try parse("false") == .bool(false))
    for literal in ["0", "-0", "1.50", "1e3", "-12.5E-7", "1E+2", "123456789012345678901234567890"] {
        #expect(try parse(literal) == .number(literal))
    }
    for literal in ["1e999", "-1e999999", "1" + String(repeating: "0", count: 40) + "e300"] {
        #expect(throws: JSONError.self) { try parse(literal) }
    }
    #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\u{8}\u{c}\n\r\té😀"))
    #expect(try parse(#""\u0000""#) == .string("\u{0}"))
}

@Test func objectsKeepKeyOrder() throws {
    let value = try parse(#"{"z": 1, "a": [true, null, {}], "m": {"x": "y"}, "e": []}"#)
    let object = try #require(value.objectValue)
    #expect(object.keys == ["z", "a", "m", "e"])
    #expect(object.count == 4)
    #expect(object.members.map(\.key) == ["z", "a", "m", "e"])
    #expect(value["m"]?["x"]?.stringValue == "y")
    #expect(value["a"]?.arrayValue?.count == 3)
    #expect(value["e"] == .array([]))
}

@Test func acceptsLeadingBOMOnly() throws {
    #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8), file: "bom.json") == .array([.number("1")]))
    // Inside a string a BOM is data.
    #expect(try JSONParser.parse(Array("\"\u{FEFF}x\"".utf8), file: "t.json") == .string("\u{FEFF}x"))
    // Anywhere else outside strings it is an error.
    let e = try #require(rejection([0x5B, 0xEF, 0xBB, 0xBF, 0x31, 0x5D]))
    #expect(e.reason == .unexpectedCharacter(found: "U+FEFF", expected: "a value"))
    #expect(e.offset == 1)
    #expect(e.path == "$[0]")
    #expect(rejection([0xEF, 0xBB, 0xBF])?.reason == .emptyDocument)
    #expect(rejection([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x31])?.reason == .unexpectedCharacter(found: "U+FEFF", expected: "a value"))
}

@Test func rawBufferOverload() throws {
    let bytes = Array(#"{"a": 1}"#.utf8)
    let value = try bytes.withUnsafeBytes { raw in try JSONParser.parse(raw, file: "raw.json") }
    #expect(value["a"] == .number("1"))
}

@Test func manyKeysUseTheIndexAndStillRejectDuplicates() throws {
    let members = (0..<100).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
    let value = try parse("{\(members)}")
    let object = try #require(value.objectValue)
    #expect(object.count == 100)
    #expect(object["k57"] == .number("57"))
    #expect(object.keys.last == "k99")
    let e = try #require(rejection("{\(members), \"k42\": 0}"))
    #expect(e.reason == .duplicateKey("k42"))
    #expect(e.path == "$")
    // The index compares keys as text, escaped or not, either way round.
    #expect(rejection("{\(members), \"\\u006b42\": 0}")?.reason == .duplicateKey("k42"))
    #expect(rejection("{\"\\u006b42\": 0, \(members)}")?.reason == .duplicateKey("k42"))
}

// MARK: - Rejecting

@Test func rejectsEmptyDocuments() {
    for text in ["", "   ", "\n\t\r "] {
        let e = rejection(text)
        #expect(e?.reason == .emptyDocument)
        #expect(e?.path == "$")
    }
}

@Test func rejectsTrailingData() throws {
    let e = try #require(rejection("{\"a\": 1}\n x"))
    #expect(e.reason == .trailingData)
    #expect(e.path == "$")
    #expect(e.offset == 10)
    #expect(rejection("[1] [2]")?.reason == .trailingData)
    #expect(rejection("1 2")?.reason == .trailingData)
    #expect(rejection("[1]\n\n  ") == nil)
}

@Test func rejectsDuplicateKeysWithPathOfTheObject() throws {
    let text = #"{"code": {"block": [{}, {}, {"name": "a", "x": 1, "name": "b"}]}}"#
    let e = try #require(rejection(text))
    #expect(e.reason == .duplicateKey("name"))
    #expect(e.path == "$.code.block[2]")
    #expect(e.offset == Array(text.utf8).lastIndex(of: UInt8(ascii: "n"))! - 1)
    #expect(e.description == "t.json: $.code.block[2]: duplicate key \"name\"; each key may appear only once in an object (byte \(e.offset))")
    // Equality is exact after unescaping: "\u0061" is "a"; é precomposed and decomposed differ.
    #expect(rejection(#"{"a": 1, "\u0061": 2}"#)?.reason == .duplicateKey("a"))
    #expect(rejection("{\"\u{E9}\": 1, \"e\u{301}\": 2}") == nil)
}

@Test func rejectsNonFiniteAndNonRFCNumbers() {
    for text in ["NaN", "Infinity", "-Infinity", "[1, NaN]", "+Infinity"] {
        #expect(rejection(text)?.reason == .nonFiniteNumber, "\(text)")
    }
    for literal in ["01", "-01", "+1", ".5", "1.", "0x1F", "1e", "1e+", "-", "1.5.2", "--1", "1ee3", "00"] {
        #expect(rejection(literal)?.reason == .invalidNumber(literal), "\(literal)")
    }
    let e = rejection(#"{"a": {"b": [0, 1, 02]}}"#)
    #expect(e?.reason == .invalidNumber("02"))
    #expect(e?.path == "$.a.b[2]")
    #expect(e?.offset == 19)
}

@Test func rejectsNumbersOverTheLengthLimit() {
    let long = String(repeating: "1", count: 65)
    let e = rejection("{\"n\": \(long)}")
    #expect(e?.reason == .numberTooLong(limit: 64))
    #expect(e?.path == "$.n")
    #expect(rejection(String(repeating: "1", count: 64)) == nil)
    #expect(rejection("12345", limits: JSONLimits(maxNumberLength: 4))?.reason == .numberTooLong(limit: 4))
}

@Test func rejectsInvalidUTF8() throws {
    let cases: [[UInt8]] = [
        [0xC0, 0xAF],             // overlong '/'
        [0xE0, 0x80, 0xAF],       // overlong
        [0xF0, 0x80, 0x80, 0xAF], // overlong
        [0xED, 0xA0, 0x80],       // UTF-8-encoded high surrogate
        [0xED, 0xBF, 0xBF],       // UTF-8-encoded low surrogate
        [0xF4, 0x90, 0x80, 0x80], // above U+10FFFF
        [0xF5, 0x80, 0x80, 0x80],
        [0xFF],
        [0x80],                   // lone continuation byte
        [0xE2, 0x82],             // truncated before the closing quote
        [0xC3, 0x28],             // bad continuation
    ]
    for bad in cases {
        let doc = Array("{\"k\": \"ab".utf8) + bad + Array("\"}".utf8)
        let e = rejection(doc)
        #expect(e?.reason == .invalidUTF8, "\(bad)")
        #expect(e?.path == "$.k")
        #expect(e?.offset == 9)
    }
    // Truncated at the very end of the document.
    #expect(rejection(Array("\"ab".utf8) + [0xE2, 0x82])?.reason == .invalidUTF8)
    // In a key (path is the object), and outside strings.
    let inKey = rejection(Array("{\"a\": {\"".utf8) + [0xFF] + Array("\": 1}}".utf8))
    #expect(inKey?.reason == .invalidUTF8)
    #expect(inKey?.path == "$.a")
    #expect(rejection([0x5B, 0xC3, 0x28, 0x5D])?.reason == .invalidUTF8)
    #expect(rejection(Array("[1]".utf8) + [0xFF])?.reason == .invalidUTF8)
    // Valid multi-byte text is fine.
    #expect(try JSONParser.parse(Array("\"ü€😀\"".utf8), file: "t") == .string("ü€😀"))
}

@Test func rejectsLoneSurrogates() {
    for text in [#""\ud83d""#, #""\ud83dx""#, #""\ud83d\u0041""#, #""\ude00""#, #""a\udc00b""#, #""\ud83d\ud83d""#] {
        #expect(rejection(text)?.reason == .loneSurrogate, "\(text)")
    }
    let e = rejection(#"{"x": ["ok", "\ude00"]}"#)
    #expect(e?.path == "$.x[1]")
    #expect(e?.offset == 14)
}

@Test func rejectsInvalidEscapes() {
    for text in [#""\x""#, #""\u12""#, #""\u12G4""#, #""\'""#, "\"\\", #""\U0041""#] {
        #expect(rejection(text)?.reason == .invalidEscape || rejection(text)?.reason == .unexpectedEnd(expected: "the closing '\"' of a string"), "\(text)")
    }
    #expect(rejection(#"["\x"]"#)?.reason == .invalidEscape)
    #expect(rejection(#"["\x"]"#)?.path == "$[0]")
}

@Test func eightBytesAtATimeStopAtTheFirstByteThatNeedsALook() {
    func needsALook(_ value: UInt8) -> Bool {
        value < 0x20 || value >= 0x80 || value == UInt8(ascii: "\"") || value == UInt8(ascii: "\\")
    }
    // One byte of any value at any place, then a second of the kinds a borrow could spill into.
    var wrong: [String] = []
    for position in 0..<8 {
        for value in 0...255 {
            for (later, second) in [(nil, UInt8(ascii: "a"))] + (position + 1..<8).flatMap({ p in [0x00, 0x1F, 0x20, 0x21, 0x22, 0x5C, 0x7F, 0x80, 0xFF].map { (p, UInt8($0)) } }) {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 8)
                bytes[position] = UInt8(value)
                if let later { bytes[later] = second }
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let stops = JSONParser.stringStops(word)
                let expected = bytes.firstIndex(where: needsALook)
                let found = stops == 0 ? nil : stops.trailingZeroBitCount >> 3
                if found != expected { wrong.append("\(bytes): \(String(describing: found)), not \(String(describing: expected))") }
            }
        }
    }
    #expect(wrong.isEmpty, "\(wrong.prefix(5))")
}

@Test func rejectsControlCharactersInStrings() {
    for b: UInt8 in [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F] {
        let e = rejection(Array("{\"s\": \"a".utf8) + [b] + Array("\"}".utf8))
        #expect(e?.reason == .controlCharacterInString(b))
        #expect(e?.path == "$.s")
        #expect(e?.offset == 8)
    }
    // After an escape too (slow path).
    #expect(rejection(Array("\"\\n".utf8) + [0x0A] + Array("\"".utf8))?.reason == .controlCharacterInString(0x0A))
    // 0x7F is not a control character in JSON's sense.
    #expect(rejection(Array("\"".utf8) + [0x7F] + Array("\"".utf8)) == nil)
}

@Test func rejectsStringsOverTheLimit() {
    let limits = JSONLimits(maxStringBytes: 8)
    #expect(rejection(#"["12345678"]"#, limits: limits) == nil)
    let e = rejection(#"["ok", "123456789"]"#, limits: limits)
    #expect(e?.reason == .stringTooLong(limit: 8))
    #expect(e?.path == "$[1]")
    #expect(e?.offset == 7)
    #expect(rejection(#"["1234\n6789"]"#, limits: limits)?.reason == .stringTooLong(limit: 8))
    #expect(rejection(#"{"123456789": 1}"#, limits: limits)?.reason == .stringTooLong(limit: 8))
    // The limit counts unescaped bytes: 8 escapes of 6 characters are 8 bytes.
    #expect(rejection("[\"" + String(repeating: #"\u0041"#, count: 8) + "\"]", limits: limits) == nil)
}

@Test func rejectsDocumentsOverTheSizeLimit() {
    let e = rejection("[1, 2, 3]", limits: JSONLimits(maxDocumentBytes: 8))
    #expect(e?.reason == .documentTooLarge(limit: 8))
    #expect(e?.offset == 0)
}

@Test func rejectsNestingDeeperThanTheLimit() {
    let limits = JSONLimits(maxDepth: 3)
    #expect(rejection("[[[1]]]", limits: limits) == nil)
    #expect(rejection(#"{"a": [{}]}"#, limits: limits) == nil)
    let e = rejection(#"{"a": [{"b": []}]}"#, limits: limits)
    #expect(e?.reason == .tooDeep(limit: 3))
    #expect(e?.path == "$.a[0].b")
    #expect(e?.offset == 13)
}

@Test func rejectsAHundredThousandOpenBracketsQuickly() {
    let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
    let start = ContinuousClock.now
    let e = rejection(deep)
    #expect(e?.reason == .tooDeep(limit: 256))
    #expect(e?.offset == 256)
    #expect(ContinuousClock.now - start < .seconds(2))
    // Same for objects, and for a generous limit (no recursion either way).
    let deepObjects = Array(String(repeating: #"{"a":"#, count: 100_000).utf8)
    #expect(rejection(deepObjects)?.reason == .tooDeep(limit: 256))
    #expect(rejection(deep, limits: JSONLimits(maxDepth: 1_000_000))?.reason == .unexpectedEnd(expected: "a value"))
}

@Test func rejectsBrokenStructure() throws {
    #expect(rejection("[1,]")?.reason == .unexpectedCharacter(found: "']'", expected: "a value"))
    #expect(rejection("[1,]")?.path == "$[1]")
    #expect(rejection(#"{"a": 1,}"#)?.reason == .unexpectedCharacter(found: "'}'", expected: "a key in double quotes"))
    #expect(rejection(#"{"a" 1}"#)?.reason == .unexpectedCharacter(found: "'1'", expected: "':' after the key"))
    #expect(rejection(#"{"a": 1 "b": 2}"#)?.reason == .unexpectedCharacter(found: "'\"'", expected: "',' or '}'"))
    #expect(rejection("[1 2]")?.reason == .unexpectedCharacter(found: "'2'", expected: "',' or ']'"))
    #expect(rejection("{'a': 1}")?.reason == .unexpectedCharacter(found: "\"'\"", expected: "a key in double quotes"))
    #expect(rejection("[tru]")?.reason == .unexpectedCharacter(found: "']'", expected: "\"true\""))
    #expect(rejection("nul")?.reason == .unexpectedEnd(expected: "\"null\""))
    #expect(rejection("[undefined]")?.reason == .unexpectedCharacter(found: "'u'", expected: "a value"))
    #expect(rejection("[None]")?.reason == .unexpectedCharacter(found: "'N'", expected: "a value"))
    #expect(rejection("[1")?.reason == .unexpectedEnd(expected: "',' or ']'"))
    #expect(rejection(#"{"a": "#)?.reason == .unexpectedEnd(expected: "a value"))
    #expect(rejection(#"{"a": "#)?.path == "$.a")
    #expect(rejection(#"["abc"#)?.reason == .unexpectedEnd(expected: "the closing '\"' of a string"))
    #expect(rejection("[\u{1}]")?.reason == .unexpectedCharacter(found: "U+0001", expected: "a value"))
    // Comments are not JSON.
    #expect(rejection("// x\n1") != nil)
}

@Test func pathsQuoteKeysThatAreNotIdentifiers() {
    let e = rejection(#"{"a b": {"ok_1": {"9x": {"é": [01]}}}}"#)
    #expect(e?.path == #"$["a b"].ok_1["9x"]["é"][0]"#)
    let quoted = rejection(#"{"say \"hi\"\n": 01}"#)
    #expect(quoted?.path == #"$["say \"hi\"\n"]"#)
}

@Test func errorDescriptionsReadAsSentences() {
    let e = JSONError(file: "orders/x.recipe.json", path: "$.code.block[2]", offset: 1234, reason: .duplicateKey("name"))
    #expect(e.description.hasPrefix("orders/x.recipe.json: $.code.block[2]: duplicate key \"name\""))
    #expect(e.description.hasSuffix("(byte 1234)"))
    #expect(e.errorDescription == e.description)
    let cursorError = JSONError(file: "f.json", path: "$", offset: -1, reason: .missingField("code"))
    #expect(cursorError.description == "f.json: $: required field \"code\" is missing")
    // Enormous keys are cut short in messages.
    let long = JSONError(file: "f", path: "$", offset: 0, reason: .duplicateKey(String(repeating: "k", count: 10_000)))
    #expect(long.description.utf8.count < 300)
}

// MARK: - Accessors and cursor

@Test func valueAccessors() throws {
    let v = try parse(#"{"s": "x", "i": 42, "neg": -7, "f": 1.5, "e": 1e3, "big": 99999999999999999999, "b": false, "n": null, "a": [1], "o": {}}"#)
    #expect(v["s"]?.stringValue == "x")
    #expect(v["i"]?.intValue == 42)
    #expect(v["neg"]?.intValue == -7)
    #expect(v["f"]?.intValue == nil)
    #expect(v["e"]?.intValue == nil)
    #expect(v["big"]?.intValue == nil)
    #expect(v["b"]?.boolValue == false)
    #expect(v["n"]?.isNull == true)
    #expect(v["s"]?.isNull == false)
    #expect(v["a"]?.arrayValue == [.number("1")])
    #expect(v["o"]?.objectValue == JSONObject())
    #expect(v["missing"] == nil)
    #expect(v["s"]?["x"] == nil)
    #expect(v["s"]?.intValue == nil)
    #expect(JSONValue.number("-0").intValue == 0)
    #expect(JSONValue.number("9223372036854775807").intValue == Int.max)
    #expect(JSONValue.number("-9223372036854775808").intValue == Int.min)
    #expect(JSONValue.number("9223372036854775808").intValue == nil)
    #expect(JSONValue.number("+5").intValue == nil)
    // Exact equality: number literals and strings compare as written.
    #expect(JSONValue.number("1.0") != .number("1"))
    #expect(JSONValue.string("\u{E9}") != .string("e\u{301}"))
}

@Test func objectEditing() {
    var o = JSONObject([("a", .number("1")), ("b", .null), ("a", .number("2"))])
    #expect(o.keys == ["a", "b"])
    #expect(o["a"] == .number("2"))
    o["c"] = .bool(true)
    #expect(o.keys == ["a", "b", "c"])
    o["a"] = .string("x")
    #expect(o.keys == ["a", "b", "c"])
    o["b"] = nil
    #expect(o.keys == ["a", "c"])
    #expect(o.count == 2)
    o["zzz"] = nil
    #expect(o.count == 2)
    // Order matters for equality.
    #expect(JSONObject([("a", .null), ("b", .null)]) != JSONObject([("b", .null), ("a", .null)]))
    // Large objects (indexed) behave the same.
    var big = JSONObject((0..<40).map { ("k\($0)", JSONValue.number("\($0)")) })
    big["k3"] = nil
    #expect(big.count == 39)
    #expect(big["k3"] == nil)
    #expect(big["k39"] == .number("39"))
    #expect(big.keys[3] == "k4")
    big["new"] = .null
    #expect(big.keys.last == "new")
    #expect(big["new"] == .null)
    while big.count > 5 { big[big.keys[0]] = nil }
    #expect(big.keys == ["k36", "k37", "k38", "k39", "new"])
    #expect(big["k37"] == .number("37"))
}

@Test func cursorReportsPaths() throws {
    let doc = try parse(#"{"name": "r", "version": 7, "zero": 0, "frac": 1.5, "private": true, "description": null, "code": {"block": [{"as": 1}, {"as": "x"}]}, "odd key": {}}"#)
    let c = JSONCursor(doc, file: "r.json")
    #expect(try c.require("name").string() == "r")
    #expect(try c.require("version").int() == 7)
    #expect(try c.require("version").positiveInt() == 7)
    #expect(try c.require("private").bool() == true)
    #expect(try c.require("description").isNull)
    #expect(try c.require("description").stringOrNull() == nil)
    #expect(c.optional("nope") == nil)
    #expect(c.optional("description")?.isNull == true)
    #expect(try c.require("frac").number() == "1.5")

    let blocks = try c.require("code").require("block").array()
    #expect(blocks.count == 2)
    #expect(blocks[1].path == "$.code.block[1]")
    #expect(try blocks[1].require("as").string() == "x")

    func failure(_ body: () throws -> Void) -> JSONError? {
        do { try body(); return nil } catch let e as JSONError { return e } catch { return nil }
    }
    let missing = failure { _ = try c.require("code").require("steps") }
    #expect(missing == JSONError(file: "r.json", path: "$.code", offset: -1, reason: .missingField("steps")))
    let wrong = failure { _ = try blocks[0].require("as").string() }
    #expect(wrong?.reason == .wrongType(expected: "a string", found: "a number"))
    #expect(wrong?.path == "$.code.block[0].as")
    #expect(wrong?.description == "r.json: $.code.block[0].as: expected a string, found a number")
    #expect(failure { _ = try c.require("zero").positiveInt() }?.reason == .notPositiveInteger)
    #expect(failure { _ = try c.require("frac").positiveInt() }?.reason == .notPositiveInteger)
    #expect(failure { _ = try c.require("frac").int() }?.reason == .notAnInteger("1.5"))
    #expect(failure { _ = try c.require("name").int() }?.reason == .wrongType(expected: "an integer", found: "a string"))
    #expect(failure { _ = try c.require("name").require("x") }?.reason == .wrongType(expected: "an object", found: "a string"))
    #expect(failure { _ = try c.require("description").string() }?.reason == .wrongType(expected: "a string", found: "null"))
    #expect(failure { _ = try c.require("name").array() }?.reason == .wrongType(expected: "an array", found: "a string"))
    #expect(failure { _ = try c.require("name").bool() }?.reason == .wrongType(expected: "true or false", found: "a string"))
    #expect(try c.require("odd key").members().isEmpty)
    #expect(try c.members().map(\.value.path).last == #"$["odd key"]"#)
}

// MARK: - Writing

@Test func writerEscapesMinimally() {
    let s = JSONValue.string("q\"b\\s/\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f}é😀\u{2028}")
    let expected = #""q\"b\\s/\b\f\n\r\t\u0000\u001f"# + "\u{7f}é😀\u{2028}\""
    #expect(String(decoding: JSONWriter.compact(s), as: UTF8.self) == expected)
    #expect(JSONWriter.pretty(s) == JSONWriter.compact(s))
}

@Test func writerFormatsLikeWorkato() throws {
    let v = try parse(#"{"a": [1, {"b": null}], "c": {}, "d": [], "e": "x", "f": -0.50}"#)
    let pretty = String(decoding: JSONWriter.pretty(v), as: UTF8.self)
    #expect(pretty == """
    {
      "a": [
        1,
        {
          "b": null
        }
      ],
      "c": {},
      "d": [],
      "e": "x",
      "f": -0.50
    }
    """)
    #expect(String(decoding: JSONWriter.compact(v), as: UTF8.self) == #"{"a":[1,{"b":null}],"c":{},"d":[],"e":"x","f":-0.50}"#)
    #expect(try JSONParser.parse(JSONWriter.compact(v), file: "c") == v)
}

@Test func fixturesRoundTripByteForByte() throws {
    let files = fixtureFiles()
    #expect(files.count >= 8, "fixtures not found under \(fixturesRoot.path)")
    for (name, bytes) in files {
        let value = try JSONParser.parse(bytes, file: name)
        let written = JSONWriter.pretty(value) + [UInt8(ascii: "\n")]
        #expect(written == bytes, "\(name) does not round-trip")
        #expect(try JSONParser.parse(JSONWriter.compact(value), file: name) == value)
    }
}

// MARK: - Fuzz smoke test

/// Deterministic mutations of the fixtures: the parser must return a value or throw a
/// `JSONError`, never crash or hang; accepted documents must survive a write/read cycle.
@Test func fuzzSmokeMutatedFixtures() throws {
    let seeds = fixtureFiles().map(\.bytes)
    try #require(!seeds.isEmpty)
    var rng = SeededGenerator(seed: 0x5EED_0F_0150)
    let interesting: [UInt8] = Array("{}[]\",:\\u0123456789.eE+-tfnl \n".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xED, 0xEF, 0xF4, 0xFF]
    var accepted = 0
    for _ in 0..<20_000 {
        var doc = seeds[Int(rng.next() % UInt64(seeds.count))]
        for _ in 0..<(1 + Int(rng.next() % 3)) {
            let at = doc.isEmpty ? 0 : Int(rng.next() % UInt64(doc.count))
            switch rng.next() % 6 {
            case 0 where !doc.isEmpty: doc[at] ^= UInt8(truncatingIfNeeded: 1 << (rng.next() % 8))
            case 1 where !doc.isEmpty: doc[at] = interesting[Int(rng.next() % UInt64(interesting.count))]
            case 2: doc.insert(interesting[Int(rng.next() % UInt64(interesting.count))], at: at)
            case 3: doc.removeSubrange(at..<min(doc.count, at + 1 + Int(rng.next() % 8)))
            case 4: doc.removeSubrange(at...)
            default: // duplicate a slice (creates duplicate keys, deeper nesting, ...)
                let len = min(doc.count - at, 1 + Int(rng.next() % 64))
                doc.insert(contentsOf: doc[at..<(at + len)], at: at)
            }
        }
        do {
            let value = try JSONParser.parse(doc, file: "fuzz.json")
            accepted += 1
            #expect(try JSONParser.parse(JSONWriter.compact(value), file: "fuzz.json") == value)
            #expect(try JSONParser.parse(JSONWriter.pretty(value), file: "fuzz.json") == value)
        } catch {
            #expect(error.offset >= 0 && error.offset <= doc.count)
        }
    }
    #expect(accepted > 1_000) // about a sixth of the mutants are still valid JSON
}

/// Inputs that once broke the parser or pin one of its promises (`Regressions/json/`), replayed
/// against the outcome recorded for each.
@Test func regressionCasesDoNotCrash() throws {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions/json")
    let regressions = try RegressionCases(folder: dir.path, suffix: ".json")
    for name in regressions.names {
        let outcome: String
        do {
            _ = try JSONParser.parse(readAll(regressions.path(name)), file: name)
            outcome = "accepted"
        } catch {
            outcome = "\(error)"
        }
        #expect(outcome == regressions.expectedOutcome(name), "\(name)")
    }
}

