import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat

@Suite struct ZipWriterTests {
    static let inputs: [(String, [UInt8])] = [
        ("Café/größe.recipe.json", Array("{\"name\": \"größe\"}\n".utf8)),
        ("connections/acme.connection.json", Array("{\"name\": \"Acme\"}\n".utf8)),
        ("empty.txt", []),
        ("orders/new_order.recipe.json", Array(String(repeating: "{\"a\": 1}\n", count: 500).utf8)),
    ]

    func write(_ path: String, _ inputs: [(String, [UInt8])] = inputs) throws {
        let w = try ZipWriter(destination: path)
        for (name, data) in inputs { try w.addFile(path: name, contents: data) }
        try w.commit()
    }

    @Test func sameInputsGiveByteIdenticalFiles() throws {
        let dir = TempDir()
        try write(dir.file("a.zip"))
        try write(dir.file("b.zip"))
        #expect(readAll(dir.file("a.zip")) == readAll(dir.file("b.zip")))
        #expect(readAll(dir.file("a.zip")).count > 100)
        // No temporary files left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == ["a.zip", "b.zip"])
    }

    @Test func externalToolsAcceptTheResult() throws {
        let dir = TempDir()
        let zip = dir.file("p.zip")
        try write(zip)
        let test = try runTool("unzip", ["-t", zip])
        #expect(test.status == 0, "\(test.output)")
        let tar = try runTool("bsdtar", ["-tf", zip])
        #expect(tar.status == 0, "\(tar.output)")
        #expect(tar.output.split(separator: "\n").map(String.init) == Self.inputs.map(\.0))
        let list = try runTool("unzip", ["-l", zip])
        #expect(list.output.contains("Café/größe.recipe.json"), "\(list.output)")
        let info = try runTool("zipinfo", ["-v", zip])
        #expect(info.status == 0)
        #expect(info.output.contains("Café/größe.recipe.json"), "\(info.output)")
        // This zipinfo build does not print general purpose bit 11, so read it from the
        // central directory headers: the non-ASCII name is flagged UTF-8 (libarchive leaves
        // the flag off for pure-ASCII names, which read the same in any encoding).
        let bytes = readAll(zip)
        var flags: [String: Bool] = [:]
        for i in 0..<(bytes.count - 46) where bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 1 && bytes[i + 3] == 2 {
            let nameLength = Int(bytes[i + 28]) | Int(bytes[i + 29]) << 8
            let name = String(decoding: bytes[(i + 46)..<(i + 46 + nameLength)], as: UTF8.self)
            flags[name] = bytes[i + 9] & 0x08 != 0
        }
        #expect(flags.count == Self.inputs.count)
        #expect(flags["Café/größe.recipe.json"] == true)
        // Deflate, no directory entries, 0644.
        let short = try runTool("zipinfo", [zip])
        #expect(!short.output.contains("drw"))
        #expect(short.output.contains("-rw-r--r--"))
        #expect(short.output.contains("defN") || short.output.contains("defX") || short.output.contains("def"))
    }

    @Test func roundTripsThroughOurReader() throws {
        let dir = TempDir()
        let zip = dir.file("p.zip")
        let big = pseudoRandomBytes(1 << 20, seed: 42)
        try write(zip, Self.inputs + [("zz/big.bin", big)])
        let reader = try ZipReader(path: zip)
        #expect(reader.files.map(\.path) == Self.inputs.map(\.0) + ["zz/big.bin"])
        var got: [String: [UInt8]] = [:]
        try reader.forEachFile { entry, data in got[entry.path] = data }
        for (name, data) in Self.inputs { #expect(got[name] == data) }
        #expect(got["zz/big.bin"] == big)
        #expect(got["empty.txt"] == [])
    }

    @Test func copiesFilesInChunks() throws {
        let dir = TempDir()
        let big = pseudoRandomBytes((1 << 20) + 12345, seed: 7)
        let source = dir.write("source.bin", big)
        let zip = dir.file("p.zip")
        let w = try ZipWriter(destination: zip)
        try w.addFile(path: "assets/big.bin", copying: source)
        try w.commit()
        let reader = try ZipReader(path: zip)
        var got: [UInt8] = []
        try reader.forEachFile { _, data in got = data }
        #expect(got == big)
        #expect(try runTool("unzip", ["-t", zip]).status == 0)
    }

    @Test func refusesBadAndDuplicateNames() throws {
        let dir = TempDir()
        let bad = ["/abs", "a/../b", "a\\b", "C:x", "//server/x", "a//b", "./a", "a\u{01}b", "dir/", "", "a\u{85}"]
        for name in bad {
            let w = try ZipWriter(destination: dir.file("bad.zip"))
            #expect(throws: ArchiveError.self, "\(name)") { try w.addFile(path: name, contents: [1]) }
        }
        let w = try ZipWriter(destination: dir.file("dup.zip"))
        try w.addFile(path: "a/b.json", contents: [1])
        #expect(throws: ArchiveError.duplicateName(archive: dir.file("dup.zip"), entry: "a/b.json")) {
            try w.addFile(path: "a/b.json", contents: [2])
        }
        #expect(throws: ArchiveError.self) { try w.addFile(path: "a", contents: [2]) }
        #expect(throws: ArchiveError.self) { try w.addFile(path: "a/b.json/c", contents: [2]) }
        try w.addFile(path: "caf\u{E9}.json", contents: [4])
        #expect(throws: ArchiveError.self) { try w.addFile(path: "cafe\u{301}.json", contents: [4]) }
        // A refused name does not spoil the writer; names that differ only in letter case are two
        // files, as the platform writes them.
        try w.addFile(path: "a/c.json", contents: [3])
        try w.addFile(path: "A/B.json", contents: [2])
        try w.commit()
        #expect(try ZipReader(path: dir.file("dup.zip")).files.map(\.path) == ["a/b.json", "caf\u{E9}.json", "a/c.json", "A/B.json"])
    }

    @Test func abandonedWriterLeavesNothing() throws {
        let dir = TempDir()
        do {
            let w = try ZipWriter(destination: dir.file("p.zip"))
            try w.addFile(path: "a.json", contents: [1, 2, 3])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func sourcesThatAreNotRegularFilesAreRefused() throws {
        // Folders, symbolic links and FIFOs are refused before anything is written (O_NONBLOCK
        // keeps opening a FIFO from blocking); a file that changes size is covered in
        // ZipInteropTests.copyingAFileThatGrowsIsAnError.
        let dir = TempDir()
        let w = try ZipWriter(destination: dir.file("p.zip"))
        #expect(throws: ArchiveError.self) { try w.addFile(path: "x", copying: dir.path) }
        try FileManager.default.createSymbolicLink(atPath: dir.file("link"), withDestinationPath: "/etc/passwd")
        #expect(throws: ArchiveError.self) { try w.addFile(path: "y", copying: dir.file("link")) }
        #expect(mkfifo(dir.file("fifo"), 0o600) == 0)
        #expect(throws: ArchiveError.self) { try w.addFile(path: "z", copying: dir.file("fifo")) }
    }

    @Test func timestampIsTheDOSEpoch() throws {
        let dir = TempDir()
        let zip = dir.file("p.zip")
        try write(zip)
        let bytes = readAll(zip)
        // First local header: time at offset 10, date at 12.
        #expect(bytes[10] == 0 && bytes[11] == 0 && bytes[12] == 0x21 && bytes[13] == 0)
        // General purpose bit 11 set on the first (non-ASCII) entry.
        #expect(bytes[7] & 0x08 != 0)
    }
}

extension ZipWriterTests {
    /// Pins the exact bytes (by SHA-256 and length): the output must not depend on the time
    /// zone, the clock or the machine. Verified with TZ=UTC, Pacific/Kiritimati (UTC+14),
    /// America/Los_Angeles and Asia/Kolkata. A libarchive upgrade that changes the layout
    /// shows up here first.
    @Test func outputIsPinned() throws {
        let dir = TempDir()
        try write(dir.file("p.zip"))
        let bytes = readAll(dir.file("p.zip"))
        #expect("\(bytes.count) \(Hashing.sha256(bytes))" == "819 0f52e6b648dcdbc0285916dbd66e26cca9e4929f6ec2128552df68fc2dead19c")
    }
}
