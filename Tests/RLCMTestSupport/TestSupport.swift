import Foundation

/// A fresh temporary folder, removed when the value is deinitialised.
package final class TempDir: Sendable {
    package let path: String

    package init() {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/rlcm-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    package func file(_ name: String) -> String { path + "/" + name }

    /// A copy of `SampleManifests/<name>` (all of it when `name` is empty) in this folder, at `as`
    /// (default: the same name; `samples` for all of it); returns its path.
    @discardableResult
    package func samples(_ name: String = "", as copy: String? = nil) throws -> String {
        let target = file(copy ?? (name.isEmpty ? "samples" : name))
        try FileManager.default.copyItem(atPath: SchemaValidator.repoRoot.path + "/SampleManifests" + (name.isEmpty ? "" : "/" + name), toPath: target)
        return target
    }

    @discardableResult
    package func write(_ name: String, _ bytes: [UInt8]) -> String {
        let p = file(name)
        writeBytes(bytes, to: p)
        return p
    }
}

/// The fixed time (`RLCM_NOW`) of the tests' imports, in `rlcm` processes and in process alike, so
/// that two runs of one import write byte-identical trees.
package let fixedImportTime = "1795434722"

package struct ProcessResult {
    package var status: Int32
    package var output: String
}

/// Runs a tool (unzip, bsdtar, zipinfo, zip) and captures stdout+stderr.
package func runTool(_ tool: String, _ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var env = ProcessInfo.processInfo.environment
    env["LC_ALL"] = "C.UTF-8"
    process.environment = env
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

/// Deterministic pseudo-random bytes (SplitMix64).
package struct SeededGenerator: RandomNumberGenerator {
    package var state: UInt64
    package init(seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

package func pseudoRandomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var g = SeededGenerator(seed: seed)
    var out = [UInt8](repeating: 0, count: count)
    out.withUnsafeMutableBytes { raw in
        var i = 0
        while i + 8 <= count {
            raw.storeBytes(of: g.next(), toByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < count { raw[i] = UInt8(truncatingIfNeeded: g.next()); i += 1 }
    }
    return out
}

package func readAll(_ path: String) -> [UInt8] {
    [UInt8](FileManager.default.contents(atPath: path) ?? Data())
}

/// Writes a file in place (no atomic rename, no fsync): the fuzz loop writes thousands.
package func writeBytes(_ bytes: [UInt8], to path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    precondition(fd >= 0, "cannot write \(path)")
    defer { close(fd) }
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
        precondition(n > 0, "cannot write \(path)")
        done += n
    }
}

/// The file of a connector description in `SampleManifests/sources/`, as the README's sharing walk
/// pushes it: `with_contact.txt` gives a support contact, `no_contact.txt` (which a listing
/// refuses) does not.
package func sampleConnectorDescription(supportContact: Bool) -> String {
    SchemaValidator.repoRoot.path + "/SampleManifests/sources/" + (supportContact ? "with_contact.txt" : "no_contact.txt")
}
