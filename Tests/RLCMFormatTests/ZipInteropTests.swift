import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat

/// Packages written by other tools, in the layouts they use, must read.
@Suite struct ZipInteropTests {
    static let fixture = OrderSync.folder

    func expectOrderSync(_ path: String) throws {
        let reader = try ZipReader(path: path)
        #expect(reader.files.count == 10, "\(reader.files.map(\.path))")
        var total = 0
        try reader.forEachFile { entry, data in
            let original = FileManager.default.contents(atPath: Self.fixture + "/" + entry.path)
            #expect(original.map { [UInt8]($0) } == data, "\(entry.path)")
            total += 1
        }
        #expect(total == 10)
    }

    @Test func infoZipWithZip64Extras() throws {
        let dir = TempDir()
        let path = dir.file("z64.zip")
        #expect(try runTool("zip", ["-q", "-fz", "-r", path, "."], in: Self.fixture).status == 0)
        try expectOrderSync(path)
    }

    @Test func infoZipStreamedWithDataDescriptors() throws {
        let dir = TempDir()
        let path = dir.file("streamed.zip")
        let r = try runTool("sh", ["-c", "zip -q -r - . > '\(path)'"], in: Self.fixture)
        #expect(r.status == 0, "\(r.output)")
        try expectOrderSync(path)
    }

    @Test func infoZipStreamedZip64() throws {
        let dir = TempDir()
        let path = dir.file("streamed64.zip")
        let r = try runTool("sh", ["-c", "zip -q -fz -r - . > '\(path)'"], in: Self.fixture)
        #expect(r.status == 0, "\(r.output)")
        try expectOrderSync(path)
    }

    @Test func bsdtarZip() throws {
        let dir = TempDir()
        let path = dir.file("bsdtar.zip")
        let top = try FileManager.default.contentsOfDirectory(atPath: Self.fixture).sorted()
        #expect(try runTool("bsdtar", ["--format", "zip", "-cf", path] + top, in: Self.fixture).status == 0)
        try expectOrderSync(path)
        // Archiving "." gives names like "./orders/x.json", which the name rules refuse.
        let dotted = dir.file("dotted.zip")
        #expect(try runTool("bsdtar", ["--format", "zip", "-cf", dotted, "."], in: Self.fixture).status == 0)
        #expect(throws: ArchiveError.unsafeName(archive: dotted, entry: "./", problem: .currentComponent)) {
            try ZipReader(path: dotted)
        }
    }

    @Test func storedInfoZip() throws {
        let dir = TempDir()
        let path = dir.file("stored.zip")
        #expect(try runTool("zip", ["-q", "-0", "-r", path, "."], in: Self.fixture).status == 0)
        try expectOrderSync(path)
    }

    @Test func infoZipFromStdinIsAFIFOAndRefused() throws {
        // Info-ZIP marks an entry read from standard input as a named pipe.
        let dir = TempDir()
        let path = dir.file("stdin.zip")
        _ = try runTool("sh", ["-c", "echo hi | zip -q - - > '\(path)'"])
        #expect(throws: ArchiveError.unsupportedEntryType(archive: path, entry: "-", type: "named pipe (FIFO)")) {
            try ZipReader(path: path)
        }
    }

    @Test func writerOutputReadsInInfoZipAndBsdtarAndBack() throws {
        let dir = TempDir()
        let path = dir.file("ours.zip")
        let w = try ZipWriter(destination: path)
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.fixture).sorted().filter {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: Self.fixture + "/" + $0, isDirectory: &isDir)
            return !isDir.boolValue
        }
        for f in files { try w.addFile(path: f, copying: Self.fixture + "/" + f) }
        try w.commit()
        try expectOrderSync(path)
        let out = dir.file("x")
        #expect(try runTool("unzip", ["-q", path, "-d", out]).status == 0)
        #expect(try runTool("diff", ["-r", Self.fixture, out]).status == 0)
    }

    @Test func copyingAFileThatGrowsIsAnError() throws {
        // /proc files report size 0 but produce data: the copy sees the file "grow".
        let dir = TempDir()
        let w = try ZipWriter(destination: dir.file("p.zip"))
        do {
            try w.addFile(path: "status.txt", copying: "/proc/self/status")
            Issue.record("accepted a file that grew")
        } catch {
            #expect(error.description.contains("grew while it was being copied"), "\(error)")
        }
        // The writer is abandoned after a half-written entry; nothing is left behind.
        #expect(throws: ArchiveError.self) { try w.commit() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
