/// Builds the `$.a.b[2]["x y"]` paths used in error messages.
enum JSONPath {
    static let root = "$"

    /// `path.key` for identifier-like keys (`[A-Za-z_][A-Za-z0-9_]*`), else `path["key"]`.
    static func appending(key: String, to path: String) -> String {
        isIdentifier(key) ? path + "." + key : path + "[" + quotedForMessage(key) + "]"
    }

    static func appending(index: Int, to path: String) -> String {
        path + "[" + String(index) + "]"
    }

    static func isIdentifier(_ key: String) -> Bool {
        var first = true
        for b in key.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                break
            case UInt8(ascii: "0")...UInt8(ascii: "9") where !first:
                break
            default:
                return false
            }
            first = false
        }
        return !first
    }
}
