/// Builds the `$.a.b[2]["x y"]` paths used in error messages.
package enum JSONPath {
    package static let root = "$"

    /// `path.key` for identifier-like keys (`[A-Za-z_][A-Za-z0-9_]*`), else `path["key"]`.
    package static func appending(key: String, to path: String) -> String {
        var p = path
        append(key: key, to: &p)
        return p
    }

    package static func appending(index: Int, to path: String) -> String {
        var p = path
        append(index: index, to: &p)
        return p
    }

    /// In place, so that building a deep path stays linear.
    package static func append(key: String, to path: inout String) {
        if isIdentifier(key) {
            path += "."
            path += key
        } else {
            path += "["
            path += quotedForMessage(key)
            path += "]"
        }
    }

    package static func append(index: Int, to path: inout String) {
        path += "["
        path += String(index)
        path += "]"
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
