import Foundation
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// Bounded, seeded mutation fuzzing of the JSON reader and of the package reader (zip layer, JSON
/// layer and the package index together), in process: every input must parse or be refused with
/// an error — a crash, a trap or a hang fails the run. Each iteration's seed is derived from its
/// number, so a failure reported as "seed N" is replayed by running that seed alone; keep any such
/// input as a case in HostileImportTests.
@Suite("Fuzzing the JSON and package readers (bounded)")
struct FuzzTests {
    static let budget: Double = ProcessInfo.processInfo.environment["RLCM_FUZZ_SECONDS"].flatMap(Double.init) ?? 4

    /// Tokens that tend to reach the corners of a JSON or zip reader.
    static let tokens: [[UInt8]] = ["NaN", "-Infinity", "1e999999", "\\ud800", "\\u0000", "\"", "\\", "[", "]", "{", "}", ",", ":",
                                    "\u{FEFF}", "-0", "0.", "1e", "\"zip_name\":\"../x\"", "PK\u{01}\u{02}", "PK\u{05}\u{06}", "PK\u{03}\u{04}"].map { Array($0.utf8) }
        + [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x00], [0xFF, 0xFF, 0xFF, 0xFF]]

    static func mutate(_ input: [UInt8], _ g: inout SeededGenerator) -> [UInt8] {
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

    @Test("The JSON reader parses or refuses every mutated document")
    func json() {
        let corpus = HostileImportTests.fixtureFiles.filter { $0.0.hasSuffix(".json") }.map(\.1)
            + [Array(repeating: UInt8(ascii: "["), count: 5000), Array("{\"a\":[1,2,{\"b\":null}]}".utf8)]
        let deadline = Date().addingTimeInterval(Self.budget)
        var iterations = 0
        var refused = 0
        while Date() < deadline {
            var g = SeededGenerator(seed: UInt64(iterations))
            let input = Self.mutate(corpus.randomElement(using: &g)!, &g)
            do { _ = try JSONParser.parse(input, file: "fuzz.json") } catch { refused += 1 }
            iterations += 1
        }
        #expect(iterations > 100)
        print("fuzz json: \(iterations) inputs, \(refused) refused")
    }

    @Test("The package reader reads or refuses every mutated package")
    func package() throws {
        let dir = TempDir()
        let corpus = [HostileImportTests.fixtureZip([:]),
                      HostileZip([HostileEntry.deflated("orders/a.recipe.json", Array("{\"name\":\"a\"}".utf8)), HostileEntry.directory("orders/x/")]).bytes()]
        let deadline = Date().addingTimeInterval(Self.budget)
        var iterations = 0
        var refused = 0
        while Date() < deadline {
            var g = SeededGenerator(seed: 0x5EED_0000 + UInt64(iterations))
            let path = dir.write("fuzz.zip", Self.mutate(corpus.randomElement(using: &g)!, &g))
            do {
                let index = try PackageIndex(file: path)
                try ZipReader(path: path).forEachFile { _, _ in }
                _ = index
            } catch { refused += 1 }
            iterations += 1
        }
        #expect(iterations > 20)
        print("fuzz package: \(iterations) inputs, \(refused) refused")
    }
}
