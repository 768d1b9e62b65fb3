import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat

/// One forged package per attack class. Each must be refused with a message that names the
/// problem and the entry.
struct HostileCase: CustomTestStringConvertible, Sendable {
    let label: String
    /// Builds the zip into the given path.
    let make: @Sendable (String) throws -> Void
    /// Substrings the error message must contain (the entry and the problem).
    let expected: [String]
    /// True when the header pass may succeed and the data pass must fail.
    var dataPass = false
    var limits: ZipLimits = .default
    /// How the target keeps letter case: names that differ only in case are refused only where
    /// it folds case.
    var letterCase: LetterCase = .distinct

    var testDescription: String { label }
}

private func forged(_ entries: [HostileEntry], _ tweak: @escaping @Sendable (inout HostileZip) -> Void = { _ in }) -> @Sendable (String) throws -> Void {
    return { path in
        var zip = HostileZip(entries)
        tweak(&zip)
        zip.write(to: path)
    }
}


private func entry(_ name: String, _ body: (inout HostileEntry) -> Void = { _ in }) -> HostileEntry {
    var e = HostileEntry(name)
    body(&e)
    return e
}

private func raw(_ bytes: [UInt8], _ body: (inout HostileEntry) -> Void = { _ in }) -> HostileEntry {
    var e = HostileEntry(rawName: bytes)
    body(&e)
    return e
}

let hostileCases: [HostileCase] = [
    // Names.
    HostileCase(label: "absolute path", make: forged([entry("/etc/passwd")]), expected: ["'/etc/passwd'", "starts with '/'"]),
    HostileCase(label: "parent component", make: forged([entry("orders/../evil.recipe.json")]),
                expected: ["entry 'orders/../evil.recipe.json'", "contains '..'"]),
    HostileCase(label: "leading parent", make: forged([entry("../../.bashrc")]), expected: ["'../../.bashrc'", "'..'"]),
    HostileCase(label: "backslash", make: forged([entry("orders\\..\\evil.json")]), expected: ["orders\\\\..\\\\evil.json", "backslash"]),
    HostileCase(label: "drive letter", make: forged([entry("C:/Windows/evil.json")]), expected: ["'C:/Windows/evil.json'", "drive letter"]),
    HostileCase(label: "UNC prefix", make: forged([entry("//server/share/x.json")]), expected: ["'//server/share/x.json'", "network path"]),
    HostileCase(label: "NUL byte", make: forged([raw(Array("a".utf8) + [0] + Array(".json".utf8))]), expected: ["a\\x00.json", "control character"]),
    HostileCase(label: "C0 control", make: forged([entry("a\u{01}b.json")]), expected: ["a\\x01b.json", "control character"]),
    HostileCase(label: "DEL", make: forged([entry("a\u{7F}.json")]), expected: ["a\\x7F.json", "control character"]),
    HostileCase(label: "C1 control", make: forged([entry("a\u{85}.json")]), expected: ["a\\u{85}.json", "control character"]),
    HostileCase(label: "invalid UTF-8 with flag", make: forged([raw(Array("caf".utf8) + [0xE9] + Array(".json".utf8))]),
                expected: ["caf\\xE9.json", "not valid UTF-8"]),
    HostileCase(label: "overlong UTF-8 slash", make: forged([raw([0x61, 0xC0, 0xAF, 0x62])]), expected: ["a\\xC0\\xAFb", "not valid UTF-8"]),
    HostileCase(label: "invalid UTF-8 without UTF-8 flag", make: forged([raw(Array("caf".utf8) + [0xE9] + Array(".json".utf8)) { $0.flags = 0 }]),
                expected: ["caf\\xE9.json", "not valid UTF-8", "not marked as UTF-8"]),
    HostileCase(label: "empty component", make: forged([entry("a//b.json")]), expected: ["'a//b.json'", "empty"]),
    HostileCase(label: "dot component", make: forged([entry("a/./b.json")]), expected: ["'a/./b.json'", "'.'"]),
    HostileCase(label: "empty name", make: forged([entry("")]), expected: ["entry ''", "empty"]),
    HostileCase(label: "name too long", make: forged([entry(String(repeating: "abcdefghi/", count: 110) + "x.json")]),
                expected: ["abcdefghi/abcdefghi", "1106 bytes", "1024"]),
    HostileCase(label: "component too long", make: forged([entry("a/" + String(repeating: "x", count: 300) + ".json")]),
                expected: ["xxxxxxxx", "305 bytes", "255"]),
    HostileCase(label: "bidi override is escaped", make: forged([entry("evil\u{202E}nosj.exe\u{01}")]),
                expected: ["evil\\u{202E}nosj.exe\\x01", "control character"]),
    HostileCase(label: "NFC collision", make: forged([entry("Caf\u{E9}.json"), entry("Cafe\u{301}.json")]),
                expected: ["Cafe\u{301}.json", "collides with entry 'Caf\u{E9}.json'"]),
    HostileCase(label: "case collision on a case-folding target", make: forged([entry("orders/a.json"), entry("orders/A.JSON")]),
                expected: ["'orders/A.JSON'", "collides", "'orders/a.json'", "ignores letter case"], letterCase: .folded),
    HostileCase(label: "folder case collision on a case-folding target", make: forged([entry("Orders/a.json"), entry("orders/b.json")]),
                expected: ["'orders/b.json'", "collides", "'Orders/a.json'"], letterCase: .folded),
    HostileCase(label: "NFC collision of folders", make: forged([entry("Caf\u{E9}/a.json"), entry("Cafe\u{301}/b.json")]),
                expected: ["'Cafe\u{301}/b.json'", "collides", "Unicode normalisation"]),
    HostileCase(label: "exact duplicate", make: forged([entry("a.json"), entry("a.json")]),
                expected: ["'a.json'", "more than once"]),
    HostileCase(label: "file and folder", make: forged([entry("a"), entry("a/b.json")]),
                expected: ["'a/b.json'", "both as a file and as a folder", "'a'"]),
    HostileCase(label: "file then directory entry", make: forged([entry("a"), HostileEntry.directory("a/")]),
                expected: ["'a/'", "both as a file and as a folder"]),
    HostileCase(label: "directory with data", make: forged([entry("dir/") { $0.externalAttributes = UInt32(0o040755) << 16 }]),
                expected: ["'dir/'", "folder entry that declares 3 bytes"]),
    HostileCase(label: "folder mode without slash", make: forged([entry("dir") { $0.externalAttributes = UInt32(0o040755) << 16; $0.stored = []; $0.content = [] }]),
                expected: ["'dir'", "marked as a folder"]),
    // Entry types.
    HostileCase(label: "symlink", make: forged([entry("link.json") { $0.externalAttributes = UInt32(0o120777) << 16; $0.stored = Array("/etc/passwd".utf8); $0.content = $0.stored }]),
                expected: ["'link.json'", "symbolic link"]),
    HostileCase(label: "hard link", make: forged([entry("a.json"), .hardLink("b.json", to: "a.json")]),
                expected: ["'b.json'", "hard link (to 'a.json')"]),
    HostileCase(label: "hard link in the local header only", make: forged([entry("a.json"), entry("b.json") {
                    $0.localExtra = HostileEntry.hardLink("b.json", to: "a.json").extra
                }]), expected: ["'b.json'", "hard link (to 'a.json')"]),
    HostileCase(label: "character device", make: forged([entry("dev") { $0.externalAttributes = UInt32(0o020644) << 16 }]),
                expected: ["'dev'", "character device"]),
    HostileCase(label: "block device", make: forged([entry("blk") { $0.externalAttributes = UInt32(0o060644) << 16 }]),
                expected: ["'blk'", "block device"]),
    HostileCase(label: "FIFO", make: forged([entry("fifo") { $0.externalAttributes = UInt32(0o010644) << 16 }]),
                expected: ["'fifo'", "FIFO"]),
    HostileCase(label: "socket", make: forged([entry("sock") { $0.externalAttributes = UInt32(0o140644) << 16 }]),
                expected: ["'sock'", "socket"]),
    HostileCase(label: "traditional encryption", make: forged([entry("secret.json") { $0.flags |= 1 }]),
                expected: ["'secret.json'", "encrypted"]),
    HostileCase(label: "strong encryption", make: forged([entry("secret.json") { $0.flags |= 0x41 }]),
                expected: ["'secret.json'", "encrypted"]),
    HostileCase(label: "AES method 99", make: forged([entry("aes.json") { $0.method = 99 }]),
                expected: ["'aes.json'", "encrypted"]),
    HostileCase(label: "bzip2 method", make: forged([entry("b.json") { $0.method = 12 }]),
                expected: ["'b.json'", "compression method 12"]),
    // Bombs.
    HostileCase(label: "too many entries", make: forged([entry("a.json")]) { $0.eocdEntryCount = 60_000 },
                expected: ["60000 entries", "limit is 50000"], limits: ZipLimits(maxEntries: 50_000)),
    HostileCase(label: "declared entry too large", make: forged([entry("big.json") { $0.size = 100 << 20; $0.method = 8; $0.stored = Deflate.fixedLiterals($0.content); $0.compressedSize = nil }]),
                expected: ["'big.json'", "104857600 bytes", "limit per file"]),
    HostileCase(label: "total too large", make: forged((0..<5).map { i in HostileEntry("f\(i).bin", [UInt8](repeating: UInt8(i), count: 1000)) }),
                expected: ["'f3.bin'", "expands to 4000 bytes"], limits: ZipLimits(maxTotalSize: 3500)),
    HostileCase(label: "compression ratio", make: { path in
        let (stream, size) = Deflate.zeros(repeats: 40)  // ~2.6 MB from ~17 KB
        var e = HostileEntry("zeros.bin", [])
        e.method = 8; e.stored = stream; e.size = size; e.crc = 0
        HostileZip([e]).write(to: path)
    }, expected: ["'zeros.bin'", "compressed", "to 1", "zip bomb"], limits: ZipLimits(maxCompressionRatio: 100)),
    HostileCase(label: "overlapping entries sharing a local header", make: forged([entry("a.json"), entry("b.json") { $0.omitLocal = true; $0.centralOffset = 0 }]),
                expected: ["overlaps", "'a.json'"]),
    HostileCase(label: "entry overlapping the central directory", make: forged([entry("a.json") { $0.compressedSize = 60; $0.size = 60 }]),
                expected: ["'a.json'", "damaged"]),
    HostileCase(label: "data longer than declared", make: { path in
        let (stream, _) = Deflate.zeros(repeats: 200)  // 13 MB of zeros
        var e = HostileEntry("lies.bin", [])
        e.method = 8; e.stored = stream; e.size = 1000; e.crc = 0
        HostileZip([e]).write(to: path)
    }, expected: ["'lies.bin'", "longer than the 1000 bytes"], dataPass: true),
    HostileCase(label: "data shorter than declared", make: forged([HostileEntry.deflated("short.json", Array("hello".utf8)).with { $0.size = 500 }]),
                expected: ["'short.json'", "500"], dataPass: true),
    // Broken archives.
    HostileCase(label: "empty file", make: { _ = FileManager.default.createFile(atPath: $0, contents: Data()) }, expected: ["empty"]),
    HostileCase(label: "too small", make: { _ = FileManager.default.createFile(atPath: $0, contents: Data([0x50, 0x4B, 3, 4, 0])) }, expected: ["truncated"]),
    HostileCase(label: "garbage", make: { _ = FileManager.default.createFile(atPath: $0, contents: Data(pseudoRandomBytes(4096, seed: 9))) }, expected: ["not a zip"]),
    HostileCase(label: "truncated", make: { path in
        let full = HostileZip([entry("a.json"), entry("b.json")]).bytes()
        _ = FileManager.default.createFile(atPath: path, contents: Data(full.prefix(full.count - 30)))
    }, expected: ["truncated"]),
    HostileCase(label: "central directory outside the file", make: forged([entry("a.json")]) { $0.eocdCentralOffset = 1 << 30 },
                expected: ["outside the file"]),
    HostileCase(label: "local name differs", make: forged([entry("good.json") { $0.localName = Array("evil.json".utf8) }]),
                expected: ["'good.json'", "disagree about the name"]),
    HostileCase(label: "local method differs", make: forged([entry("m.json") { $0.localMethod = 8 }]),
                expected: ["'m.json'", "compression method"]),
    HostileCase(label: "local size differs", make: forged([entry("s.json") { $0.localSize = 1 }]),
                expected: ["'s.json'", "disagree about the size"]),
    HostileCase(label: "local CRC differs", make: forged([entry("c.json") { $0.localCRC = 1 }]),
                expected: ["'c.json'", "CRC-32"]),
    HostileCase(label: "bad CRC", make: forged([entry("crc.json") { $0.crc = 0xDEAD_BEEF }]),
                expected: ["'crc.json'", "CRC-32"], dataPass: true),
    HostileCase(label: "bad CRC, deflated", make: forged([HostileEntry.deflated("crc.json", Array("hello hello".utf8)).with { $0.crc = 0x1234_5678 }]),
                expected: ["'crc.json'", "CRC-32"], dataPass: true),
    // The reader leaves the CRC-32 to libarchive, which checks it as a read reaches the entry's end.
    HostileCase(label: "bad CRC, empty entry", make: forged([entry("e.json") { $0.stored = []; $0.content = []; $0.crc = 1 }]),
                expected: ["'e.json'", "CRC-32"], dataPass: true),
    HostileCase(label: "bad CRC, larger than a read", make: forged([entry("big.json") { $0.stored = pseudoRandomBytes(600_000, seed: 3); $0.content = $0.stored; $0.crc = 1 }]),
                expected: ["'big.json'", "CRC-32"], dataPass: true),
    HostileCase(label: "bad CRC, data descriptor agreeing", make: forged([HostileEntry.deflated("dd.json", Array("hello hello".utf8)).with {
        $0.descriptor = true; $0.crc = 0x1234_5678
    }]), expected: ["'dd.json'", "CRC-32"], dataPass: true),
    HostileCase(label: "prefixed stub (offsets adjusted)", make: forged([entry("a.json")]) { $0.prefix = Array("#!/bin/sh\nexit 0\n".utf8) },
                expected: ["17 bytes", "before the first entry"]),
    HostileCase(label: "prefixed data (offsets not adjusted)", make: forged([entry("a.json")]) { $0.prefix = [UInt8](repeating: 0x90, count: 64); $0.offsetsIncludePrefix = false },
                expected: ["64 bytes", "before the first entry"]),
    HostileCase(label: "trailing data", make: forged([entry("a.json")]) { $0.trailing = Array("hidden payload".utf8) },
                expected: ["14 bytes", "follow the end"]),
    HostileCase(label: "gap between entries", make: forged([entry("a.json"), entry("b.json")]) { $0.gapAfterFirstEntry = 100 },
                expected: ["'b.json'", "100 bytes of unaccounted data"]),
    HostileCase(label: "multi-disk", make: forged([entry("a.json")]) { $0.eocdDisk = 1 },
                expected: ["several disks"]),
    HostileCase(label: "central directory count lies low", make: forged([entry("a.json"), entry("b.json")]) { $0.eocdEntryCount = 1 },
                expected: ["longer than its 1 entries"]),
    HostileCase(label: "central directory count lies high", make: forged([entry("a.json"), entry("b.json")]) { $0.eocdEntryCount = 3 },
                expected: ["shorter than its 3 entries"]),
    HostileCase(label: "central directory points into another entry", make: forged([entry("a.json", { $0.stored = Array(repeating: 0x41, count: 64); $0.content = $0.stored }), entry("b.json") { $0.centralOffset = 40 }]),
                expected: ["'b.json'", "local header is missing or damaged"]),
    HostileCase(label: "data descriptor disagrees", make: forged([HostileEntry.deflated("d.json", Array("data".utf8)).with { $0.descriptor = true; $0.descriptorCRC = 7 }]),
                expected: ["'d.json'", "data descriptor"]),
    HostileCase(label: "regular-file mode on a folder name", make: forged([entry("dir/") { $0.stored = []; $0.content = [] }]),
                expected: ["'dir/'", "marked as a regular file"]),
    HostileCase(label: "ZIP64 locator pointing outside the file", make: forged([entry("a.json")]) { zip in
        var locator: [UInt8] = []
        locator.le32(0x0706_4B50); locator.le32(0)
        locator.le32(0); locator.le32(0x100)  // record offset 2^40
        locator.le32(1)
        zip.beforeEOCD = locator
        zip.eocdEntryCount = 0xFFFF
    }, expected: ["ZIP64 end record lies outside the file"]),
    HostileCase(label: "second EOCD hidden in the comment", make: { path in
        // The comment ends with a forged end record whose own (empty) comment reaches the end.
        let inner = HostileZip([HostileEntry("other.json")]).bytes().suffix(22)
        var zip = HostileZip([HostileEntry("a.json")])
        zip.comment = Array(inner)
        zip.write(to: path)
    }, expected: ["more than one end-of-central-directory record"]),
]

extension HostileEntry {
    func with(_ body: (inout HostileEntry) -> Void) -> HostileEntry {
        var copy = self
        body(&copy)
        return copy
    }
}

@Suite struct ZipHostileTests {
    @Test(arguments: hostileCases)
    func refused(_ c: HostileCase) throws {
        let dir = TempDir()
        let path = dir.file("hostile.zip")
        try c.make(path)
        var caught: ArchiveError? = nil
        do {
            let reader = try ZipReader(path: path, limits: c.limits, letterCase: c.letterCase)
            #expect(c.dataPass, "\(c.label): the header pass accepted it")
            try reader.forEachFile { _, _ in }
        } catch let error as ArchiveError {
            caught = error
        }
        guard let error = caught else {
            Issue.record("\(c.label): accepted")
            return
        }
        let message = error.description
        #expect(message.contains("package '\(path)'"), "\(message)")
        for part in c.expected {
            #expect(message.contains(part), "\(c.label): \(message)")
        }
    }

    @Test func atLeastThirtyFiveCases() {
        #expect(hostileCases.count >= 35)
    }

    @Test func gigabyteBombIsRefusedInTheHeaderPassQuickly() throws {
        let dir = TempDir()
        let path = dir.file("bomb.zip")
        let (stream, size) = Deflate.zeros(repeats: 16_385)  // 1 GiB + change of zeros in ~6.8 MB
        #expect(size > 1 << 30)
        var e = HostileEntry("bomb.json", [])
        e.method = 8; e.stored = stream; e.size = size; e.crc = 0
        HostileZip([e]).write(to: path)
        let clock = ContinuousClock()
        var message = ""
        let elapsed = clock.measure {
            do { _ = try ZipReader(path: path) } catch { message = "\(error)" }
        }
        #expect(message.contains("'bomb.json'") && message.contains("limit per file"), "\(message)")
        #expect(elapsed < .milliseconds(500))
    }

    @Test func forgedDeflateOfZerosIsValid() throws {
        // The generator behind the bombs produces a real Deflate stream: honest sizes read fine.
        let dir = TempDir()
        let path = dir.file("zeros.zip")
        let (stream, size) = Deflate.zeros(repeats: 2)
        var e = HostileEntry("zeros.bin", [UInt8](repeating: 0, count: size))
        e.method = 8; e.stored = stream
        HostileZip([e]).write(to: path)
        let reader = try ZipReader(path: path)
        var got: [UInt8] = []
        try reader.forEachFile { _, data in got = data }
        #expect(got.count == size && got.allSatisfy { $0 == 0 })
        #expect(try runTool("unzip", ["-t", path]).status == 0)
    }

    @Test func ratioBombFromRealDeflate() throws {
        let dir = TempDir()
        let path = dir.file("ratio.zip")
        let w = try ZipWriter(destination: path)
        try w.addFile(path: "zeros.bin", contents: [UInt8](repeating: 0, count: 8 << 20))
        try w.commit()
        #expect(throws: ArchiveError.self) { try ZipReader(path: path) }
        do { _ = try ZipReader(path: path) } catch {
            #expect("\(error)".contains("'zeros.bin'") && "\(error)".contains("zip bomb"))
        }
    }

    @Test func tarRenamedZipIsRefused() throws {
        let dir = TempDir()
        dir.write("a.json", Array("{}".utf8))
        let path = dir.file("package.zip")
        let r = try runTool("bsdtar", ["-cf", path, "a.json"], in: dir.path)
        #expect(r.status == 0)
        #expect(throws: ArchiveError.notAZip(archive: path, reason: "it is a tar archive")) { try ZipReader(path: path) }
    }

    @Test func infoZipPackageReads() throws {
        let dir = TempDir()
        let path = dir.file("order-sync.zip")
        let r = try runTool("zip", ["-q", "-r", path, "."], in: OrderSync.folder)
        #expect(r.status == 0, "\(r.output)")
        let reader = try ZipReader(path: path)
        #expect(reader.files.count == 10)
        #expect(reader.entries.count > 10)  // Info-ZIP adds folder entries
        var seen: [String: Int] = [:]
        try reader.forEachFile { entry, data in seen[entry.path] = data.count }
        #expect(seen.count == 10)
        let expected = OrderSync.folder + "/orders/notify_ops_channel.recipe.json"
        #expect(seen["orders/notify_ops_channel.recipe.json"] == FileManager.default.contents(atPath: expected)?.count)
    }

    @Test func infoZipSymlinkIsRefused() throws {
        let dir = TempDir()
        let src = dir.file("src")
        try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: src + "/a.json", contents: Data("{}".utf8))
        try FileManager.default.createSymbolicLink(atPath: src + "/passwd.json", withDestinationPath: "/etc/passwd")
        let path = dir.file("links.zip")
        let r = try runTool("zip", ["-q", "-y", "-r", path, "."], in: src)
        #expect(r.status == 0, "\(r.output)")
        do {
            _ = try ZipReader(path: path)
            Issue.record("symlink accepted")
        } catch {
            #expect(error.description.contains("'passwd.json'") && error.description.contains("symbolic link"), "\(error)")
        }
    }

    @Test func emptyZipHasNoEntries() throws {
        let dir = TempDir()
        let path = dir.file("empty.zip")
        let w = try ZipWriter(destination: path)
        try w.commit()
        #expect(try ZipReader(path: path).entries.isEmpty)
    }

    @Test func archiveSizeLimit() throws {
        let dir = TempDir()
        let path = HostileZip([HostileEntry("a.json", [UInt8](repeating: 1, count: 5000))]).write(to: dir.file("a.zip"))
        #expect(throws: ArchiveError.self) { try ZipReader(path: path, limits: ZipLimits(maxArchiveBytes: 4096)) }
    }

    @Test func bodyErrorsPassThroughUnchanged() throws {
        struct Stop: Error, Equatable {}
        let dir = TempDir()
        let path = HostileZip([HostileEntry("a.json"), HostileEntry("b.json")]).write(to: dir.file("a.zip"))
        let reader = try ZipReader(path: path)
        var calls = 0
        #expect(throws: Stop()) {
            try reader.forEachFile { _, _ in calls += 1; throw Stop() }
        }
        #expect(calls == 1)
    }

    @Test func forgedValidZipWithDescriptorAndDirectoryReads() throws {
        let dir = TempDir()
        var a = HostileEntry.deflated("dir/a.json", Array("{\"a\": 1}".utf8))
        a.descriptor = true
        let path = HostileZip([HostileEntry.directory("dir/"), a, HostileEntry("b.json")]).write(to: dir.file("ok.zip"))
        let reader = try ZipReader(path: path)
        #expect(reader.entries.map(\.path) == ["dir/", "dir/a.json", "b.json"])
        #expect(reader.files.map(\.path) == ["dir/a.json", "b.json"])
        var got: [String] = []
        try reader.forEachFile { e, data in got.append(e.path + "=" + String(decoding: data, as: UTF8.self)) }
        #expect(got == ["dir/a.json={\"a\": 1}", "b.json={}\n"])
    }
}
