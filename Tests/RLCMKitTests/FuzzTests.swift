import Foundation
import RLCMTestSupport
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
    @Test("The JSON reader parses or refuses every mutated document")
    func json() {
        let corpus = OrderSync.files.filter { $0.0.hasSuffix(".json") }.map(\.1)
            + [Array(repeating: UInt8(ascii: "["), count: 5000), Array("{\"a\":[1,2,{\"b\":null}]}".utf8)]
        let deadline = Date().addingTimeInterval(Mutation.budget)
        var iterations = 0
        var refused = 0
        while Date() < deadline {
            var g = SeededGenerator(seed: UInt64(iterations))
            let input = Mutation.mutate(corpus.randomElement(using: &g)!, &g)
            do { _ = try JSONParser.parse(input, file: "fuzz.json") } catch { refused += 1 }
            iterations += 1
        }
        #expect(iterations > 100)
        print("fuzz json: \(iterations) inputs, \(refused) refused")
    }

    @Test("The package reader reads or refuses every mutated package")
    func package() throws {
        let dir = TempDir()
        let corpus = [OrderSync.storedZip([:]),
                      HostileZip([HostileEntry.deflated("orders/a.recipe.json", Array("{\"name\":\"a\"}".utf8)), HostileEntry.directory("orders/x/")]).bytes()]
        let deadline = Date().addingTimeInterval(Mutation.budget)
        var iterations = 0
        var refused = 0
        while Date() < deadline {
            var g = SeededGenerator(seed: 0x5EED_0000 + UInt64(iterations))
            let path = dir.write("fuzz.zip", Mutation.mutate(corpus.randomElement(using: &g)!, &g))
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
