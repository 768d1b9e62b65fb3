import Testing
@testable import RLCMFormat

/// The inline search of short strings (`ByteSearch.holds`) against the plain answer: the needle at
/// every place of haystacks around a word's length, with look-alikes of its anchoring pair before
/// it, and cut short by a byte; so a pair split across two words of eight, or a match ending at the
/// last byte, cannot be missed.
@Suite("Byte search")
struct ByteSearchTests {
    @Test("finds the needle wherever it stands, from either anchor, and nothing that is not it")
    func holdsAgreesWithAPlainSearch() {
        let needle: StaticString = "property_name"
        let bytes = Array("property_name".utf8)
        func plain(_ haystack: [UInt8]) -> Bool {
            haystack.count >= bytes.count && (0...(haystack.count - bytes.count)).contains { Array(haystack[$0..<($0 + bytes.count)]) == bytes }
        }
        var wrong: [String] = []
        for length in 0...40 {
            for place in -1..<max(0, length - bytes.count + 1) {
                for filler in ["x", "y_", "py_na", "property_nam"] {
                    var haystack = Array(String(repeating: filler, count: length).utf8.prefix(length))
                    if place >= 0 { haystack.replaceSubrange(place..<(place + bytes.count), with: bytes) }
                    for cut in [haystack, Array(haystack.dropLast())] {
                        let expected = plain(cut)
                        for anchor in [0, 7] {
                            let found = cut.withUnsafeBytes { ByteSearch.holds(needle, in: $0, anchor: anchor) }
                            if found != expected { wrong.append("\(String(decoding: cut, as: UTF8.self)) anchor \(anchor): \(found)") }
                        }
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(Array(#"a\u0041"#.utf8).withUnsafeBytes { ByteSearch.holds("\\u", in: $0) })
        #expect(!Array(#"a\n\"u"#.utf8).withUnsafeBytes { ByteSearch.holds("\\u", in: $0) })
    }
}
