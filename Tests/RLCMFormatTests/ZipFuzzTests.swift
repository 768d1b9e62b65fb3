import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat

/// Where inputs that crashed or broke the reader's promises are kept and replayed.
let zipRegressionsDirectory: String = {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    return here.appendingPathComponent("Regressions/zip").path
}()

enum ZipFuzzOutcome: Equatable {
    case accepted
    case refused
    case violation(String)
}

/// Runs the reader over one input and checks its promises: it either refuses with an
/// ArchiveError, or accepts entries that all follow the name rules, are unique, and whose
/// data matches their declared sizes.
func checkReaderPromises(_ path: String) -> ZipFuzzOutcome {
    do {
        let reader = try ZipReader(path: path)
        var seen = Set<[UInt8]>()
        for entry in reader.entries {
            if case .failure(let problem) = ZipNameRules.validate(bytes: Array(entry.path.utf8), utf8Flag: true, limits: .default) {
                return .violation("accepted \(entry.path): \(problem)")
            }
            if !seen.insert(Array(entry.path.utf8)).inserted { return .violation("duplicate \(entry.path)") }
            if entry.isDirectory != entry.path.hasSuffix("/") { return .violation("type of \(entry.path)") }
        }
        var delivered = 0
        var violation: String? = nil
        try reader.forEachFile { entry, data in
            if data.count != entry.size { violation = "\(entry.path): \(data.count) bytes, declared \(entry.size)" }
            delivered += 1
        }
        if let violation { return .violation(violation) }
        if delivered != reader.files.count { return .violation("delivered \(delivered) of \(reader.files.count) files") }
        return .accepted
    } catch is ArchiveError {
        return .refused
    } catch {
        return .violation("non-ArchiveError \(error)")
    }
}

@Suite struct ZipFuzzTests {
    /// A few small valid packages from three writers: ours (Deflate + data descriptors), the
    /// forging builder (stored + directory entry), and Info-ZIP.
    static func seeds(in dir: TempDir) throws -> [[UInt8]] {
        let ours = dir.file("ours.zip")
        let w = try ZipWriter(destination: ours)
        try w.addFile(path: "Café/größe.recipe.json", contents: Array("{\"name\": \"größe\", \"n\": [1, 2, 3]}\n".utf8))
        try w.addFile(path: "connections/a.connection.json", contents: Array(String(repeating: "{\"x\": 1}", count: 40).utf8))
        try w.addFile(path: "empty.txt", contents: [])
        try w.commit()

        var deflated = HostileEntry.deflated("orders/b.recipe.json", Array("{\"steps\": []}".utf8))
        deflated.descriptor = true
        let forged = HostileZip([HostileEntry.directory("orders/"), deflated, HostileEntry("orders/c.json")]).bytes()

        let src = dir.file("src")
        try FileManager.default.createDirectory(atPath: src + "/api", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: src + "/api/e.api_endpoint.json", contents: Data("{\"name\": \"e\"}".utf8))
        _ = FileManager.default.createFile(atPath: src + "/r.recipe.json", contents: Data(String(repeating: "abc", count: 100).utf8))
        let info = dir.file("info.zip")
        _ = try runTool("zip", ["-q", "-r", info, "."], in: src)
        return [readAll(ours), forged, readAll(info)]
    }

    static func mutate(_ input: [UInt8], _ g: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        let rounds = Int.random(in: 1...3, using: &g)
        for _ in 0..<rounds where !bytes.isEmpty {
            switch Int.random(in: 0..<10, using: &g) {
            case 0...3:  // flip a few bytes
                for _ in 0..<Int.random(in: 1...4, using: &g) {
                    bytes[Int.random(in: 0..<bytes.count, using: &g)] = UInt8.random(in: 0...255, using: &g)
                }
            case 4:  // set a 16- or 32-bit field to an interesting value
                let at = Int.random(in: 0..<max(1, bytes.count - 4), using: &g)
                let value: [UInt8] = [[0xFF, 0xFF, 0xFF, 0xFF], [0, 0, 0, 0], [0xFF, 0xFF, 0, 0], [1, 0, 0, 0], [0x50, 0x4B, 5, 6]].randomElement(using: &g)!
                for (k, v) in value.enumerated() where at + k < bytes.count { bytes[at + k] = v }
            case 5, 6:  // truncate
                bytes.removeLast(Int.random(in: 1...bytes.count, using: &g))
            case 7, 8:  // duplicate a chunk somewhere
                let start = Int.random(in: 0..<bytes.count, using: &g)
                let length = Int.random(in: 1...min(64, bytes.count - start), using: &g)
                let chunk = bytes[start..<(start + length)]
                bytes.insert(contentsOf: chunk, at: Int.random(in: 0...bytes.count, using: &g))
            default:  // remove a chunk
                let start = Int.random(in: 0..<bytes.count, using: &g)
                let length = Int.random(in: 1...min(32, bytes.count - start), using: &g)
                bytes.removeSubrange(start..<(start + length))
            }
        }
        return bytes
    }

    @Test(.timeLimit(.minutes(10)))
    func mutatedPackagesNeverBreakTheReader() throws {
        let dir = TempDir()
        let seeds = try Self.seeds(in: dir)
        for seed in seeds { #expect(checkReaderPromises(dir.write("seed.zip", seed)) == .accepted) }
        // RLCM_ZIP_FUZZ_ITERATIONS / RLCM_ZIP_FUZZ_SEED run a longer or different campaign.
        let env = ProcessInfo.processInfo.environment
        let iterations = env["RLCM_ZIP_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 3_000
        var g = SeededGenerator(seed: env["RLCM_ZIP_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x524C_434D)
        // The input being tried lives here; if the process crashes it is left behind for
        // copying into Regressions/zip/, with its expected outcome in expected.json.
        // tmpfs when there is one: thousands of rewrites of a file on ext4 trigger writeback.
        let scratch = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : FileManager.default.temporaryDirectory.path
        let current = scratch + "/rlcm-zip-fuzz-current-\(getpid()).zip"
        var counts: [String: Int] = ["accepted": 0, "refused": 0]
        let clock = ContinuousClock()
        for iteration in 0..<iterations {
            let input = Self.mutate(seeds[iteration % seeds.count], &g)
            unlink(current)  // a fresh file, not a truncated one
            writeBytes(input, to: current)
            var outcome = ZipFuzzOutcome.refused
            let elapsed = clock.measure { outcome = checkReaderPromises(current) }
            switch outcome {
            case .accepted: counts["accepted"]! += 1
            case .refused: counts["refused"]! += 1
            case .violation(let why):
                let kept = zipRegressionsDirectory + "/fuzz-\(iteration).zip"
                _ = FileManager.default.createFile(atPath: kept, contents: Data(input))
                Issue.record("iteration \(iteration): \(why); input kept as \(kept)")
            }
            #expect(elapsed < .seconds(2), "iteration \(iteration) took \(elapsed)")
        }
        unlink(current)
        // The mutator must exercise both outcomes.
        #expect(counts["accepted"]! > 0 && counts["refused"]! > iterations / 3, "\(counts)")
    }

    /// Inputs that once broke the reader or pin one of its refusals (`Regressions/zip/`): each keeps
    /// the reader's promises and gets the verdict recorded for it.
    @Test func regressionInputsReplay() throws {
        let regressions = try RegressionCases(folder: zipRegressionsDirectory, suffix: ".zip")
        for name in regressions.names {
            let outcome = checkReaderPromises(regressions.path(name))
            #expect(outcome == .accepted || outcome == .refused, "\(name): \(outcome)")
            #expect(Self.verdict(regressions.path(name)) == regressions.expectedOutcome(name), "\(name)")
        }
    }

    /// `accepted` when every entry reads back, else the reader's refusal (naming the package by its file name).
    static func verdict(_ path: String) -> String {
        do {
            try ZipReader(path: path).forEachFile { _, _ in }
            return "accepted"
        } catch {
            return "\(error)".replacingOccurrences(of: zipRegressionsDirectory + "/", with: "")
        }
    }
}
