import Foundation

/// Seeded mutation of inputs for the bounded fuzz tests: each mutation is drawn from the
/// generator, so a failure reported as "seed N" is replayed by running that seed alone.
package enum Mutation {
    /// Seconds each fuzz test runs (`RLCM_FUZZ_SECONDS`, 4 by default).
    package static let budget: Double = ProcessInfo.processInfo.environment["RLCM_FUZZ_SECONDS"].flatMap(Double.init) ?? 4

    /// Tokens that tend to reach the corners of a JSON or zip reader.
    package static let tokens: [[UInt8]] = ["NaN", "-Infinity", "1e999999", "\\ud800", "\\u0000", "\"", "\\", "[", "]", "{", "}", ",", ":",
                                    "\u{FEFF}", "-0", "0.", "1e", "\"zip_name\":\"../x\"", "PK\u{01}\u{02}", "PK\u{05}\u{06}", "PK\u{03}\u{04}"].map { Array($0.utf8) }
        + [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x00], [0xFF, 0xFF, 0xFF, 0xFF]]

    package static func mutate(_ input: [UInt8], _ g: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &g) {
            guard !bytes.isEmpty else { bytes = tokens.randomElement(using: &g)!; continue }
            let at = Int.random(in: 0..<bytes.count, using: &g)
            switch Int.random(in: 0..<6, using: &g) {
            case 0: bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &g))
            case 1: bytes[at] = UInt8.random(in: 0...255, using: &g)
            case 2: bytes.insert(contentsOf: tokens.randomElement(using: &g)!, at: at)
            case 3: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...64, using: &g)))
            case 4: bytes = Array(bytes.prefix(at))
            default:
                let end = min(bytes.count, at + Int.random(in: 1...256, using: &g))
                bytes.insert(contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &g))
            }
        }
        return bytes
    }
}
