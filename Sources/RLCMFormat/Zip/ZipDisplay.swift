/// Turns names from a package into text that is safe to show: control characters, invisible
/// and bidirectional formatting characters and quotes are escaped, and bytes that are not
/// valid UTF-8 are shown as `\xNN`. Errors carry names in this form.
enum ZipDisplay {
    static func escape(bytes: some Collection<UInt8>) -> String {
        var out = ""
        var it = Array(bytes)[...]
        while !it.isEmpty {
            // Decode one scalar, or fall back to escaping one byte.
            if let (scalar, length) = decodeScalar(it) {
                out += escape(scalar: scalar)
                it = it.dropFirst(length)
            } else {
                out += "\\x" + hex(it.first!)
                it = it.dropFirst()
            }
        }
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars { out += escape(scalar: scalar) }
        return out
    }

    private static func escape(scalar: Unicode.Scalar) -> String {
        let v = scalar.value
        switch v {
        case 0x5C: return "\\\\"
        case 0x27: return "\\'"
        case 0x00...0x1F, 0x7F: return "\\x" + hex(UInt8(v))
        case 0x80...0x9F, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF, 0xFFF9...0xFFFB:
            return "\\u{" + String(v, radix: 16, uppercase: true) + "}"
        default: return String(scalar)
        }
    }

    private static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
    }

    /// Strict UTF-8 decoding of one scalar (no overlongs, no surrogates, ≤ U+10FFFF).
    static func decodeScalar(_ b: ArraySlice<UInt8>) -> (Unicode.Scalar, Int)? {
        guard let b0 = b.first else { return nil }
        let i = b.startIndex
        func cont(_ k: Int) -> UInt32? {
            guard i + k < b.endIndex, b[i + k] & 0xC0 == 0x80 else { return nil }
            return UInt32(b[i + k] & 0x3F)
        }
        let value: UInt32
        let length: Int
        switch b0 {
        case 0x00...0x7F: value = UInt32(b0); length = 1
        case 0xC2...0xDF:
            guard let c1 = cont(1) else { return nil }
            value = (UInt32(b0 & 0x1F) << 6) | c1; length = 2
        case 0xE0...0xEF:
            guard let c1 = cont(1), let c2 = cont(2) else { return nil }
            value = (UInt32(b0 & 0x0F) << 12) | (c1 << 6) | c2; length = 3
            if value < 0x800 || (0xD800...0xDFFF).contains(value) { return nil }
        case 0xF0...0xF4:
            guard let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) else { return nil }
            value = (UInt32(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3; length = 4
            if value < 0x10000 || value > 0x10FFFF { return nil }
        default: return nil
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var it = bytes[...]
        while !it.isEmpty {
            guard let (_, n) = decodeScalar(it) else { return false }
            it = it.dropFirst(n)
        }
        return true
    }
}
