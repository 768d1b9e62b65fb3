import Foundation

/// Where and why a document was rejected; descriptions read as sentences a user can act on.
///
/// `description` has the form `file: path: reason (byte N)`, e.g.
/// `orders/x.recipe.json: $.code.block[2]: duplicate key "name" (byte 1234)`.
public struct JSONError: RLCMError, Equatable, Sendable {
    /// The file or package entry name given to the parser.
    public var file: String
    /// JSON path of the offending value, like `$.code.block[2].input.order_id`; keys that
    /// are not identifiers are written `$["a b"]`. For a duplicate key and for a missing
    /// field it is the object that contains the key (the reason names the key).
    public var path: String
    /// Byte offset in the document, or -1 when the error was found after parsing
    /// (by `JSONCursor`), where no offset is known.
    public var offset: Int
    public var reason: Reason

    public enum Reason: Equatable, Sendable {
        // Reading
        case invalidUTF8
        case loneSurrogate
        case duplicateKey(String)
        case nonFiniteNumber
        case trailingData
        case tooDeep(limit: Int)
        case stringTooLong(limit: Int)
        case numberTooLong(limit: Int)
        case numberOutOfRange(String)
        case documentTooLarge(limit: Int)
        /// `found` describes the character (`'x'`, `U+FEFF`, `byte 0x80`), `expected` what
        /// the grammar allowed there (`a value`, `',' or '}'`, ...).
        case unexpectedCharacter(found: String, expected: String)
        case unexpectedEnd(expected: String)
        case invalidEscape
        case controlCharacterInString(UInt8)
        case invalidNumber(String)
        case emptyDocument
        // Typed access (JSONCursor)
        case missingField(String)
        case wrongType(expected: String, found: String)
        case notAnInteger(String)
        case notPositiveInteger
    }

    public init(file: String, path: String, offset: Int, reason: Reason) {
        self.file = file
        self.path = path
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        var s = "\(file): \(path): \(reason.sentence)"
        if offset >= 0 { s += " (byte \(offset))" }
        return s
    }

}

extension JSONError.Reason {
    /// What went wrong and, where it helps, what to do about it.
    public var sentence: String {
        switch self {
        case .invalidUTF8:
            return "the text is not valid UTF-8; the file must be saved as UTF-8"
        case .loneSurrogate:
            return "a \\u escape is half of a surrogate pair without its other half"
        case .duplicateKey(let k):
            return "duplicate key \(quotedForMessage(k)); each key may appear only once in an object"
        case .nonFiniteNumber:
            return "NaN and Infinity are not JSON numbers"
        case .trailingData:
            return "unexpected data after the end of the JSON document"
        case .tooDeep(let limit):
            return "arrays and objects are nested more than \(limit) levels deep"
        case .stringTooLong(let limit):
            return "a string is longer than the limit of \(limit) bytes"
        case .numberTooLong(let limit):
            return "a number is longer than the limit of \(limit) characters"
        case .numberOutOfRange(let literal):
            return "the number \(literal) is beyond the range of a 64-bit floating-point number"
        case .documentTooLarge(let limit):
            return "the document is larger than the limit of \(limit) bytes"
        case .unexpectedCharacter(let found, let expected):
            return "found \(found) where \(expected) was expected"
        case .unexpectedEnd(let expected):
            return "the document ends where \(expected) was expected; is the file truncated?"
        case .invalidEscape:
            return "invalid escape sequence in a string; allowed are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"
        case .controlCharacterInString(let b):
            return "control character \(unicodeName(UInt32(b))) inside a string must be written as an escape"
        case .invalidNumber(let literal):
            return "\(quotedForMessage(literal)) is not a valid JSON number"
        case .emptyDocument:
            return "the document is empty; expected a JSON value"
        case .missingField(let k):
            return "required field \(quotedForMessage(k)) is missing"
        case .wrongType(let expected, let found):
            return "expected \(expected), found \(found)"
        case .notAnInteger(let literal):
            return "expected a whole number that fits in 64 bits, found \(literal)"
        case .notPositiveInteger:
            return "expected a whole number of 1 or more"
        }
    }
}

/// `U+000A` style name of a scalar value.
func unicodeName(_ v: UInt32) -> String {
    let hex = String(v, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}

/// A string quoted and escaped as JSON, cut short when very long, for messages.
func quotedForMessage(_ s: String, maxCharacters: Int = 80) -> String {
    var shown = s
    var cut = false
    if s.utf8.count > maxCharacters {
        // Cut by scalars, not Characters: one hostile grapheme cluster can be megabytes long.
        shown = String(String.UnicodeScalarView(s.unicodeScalars.prefix(maxCharacters)))
        cut = shown.utf8.count < s.utf8.count
    }
    var out: [UInt8] = []
    JSONWriter.writeString(shown, into: &out)
    if cut { out.insert(contentsOf: "…".utf8, at: out.count - 1) }
    return String(decoding: out, as: UTF8.self)
}
