import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat

@Suite struct ZipReaderTests {
    func package(_ dir: TempDir, _ name: String, _ files: [(String, String)]) throws -> String {
        let path = dir.file(name)
        let w = try ZipWriter(destination: path)
        for (n, c) in files { try w.addFile(path: n, contents: Array(c.utf8)) }
        try w.commit()
        return path
    }

    @Test func dataPassCanRunTwice() throws {
        let dir = TempDir()
        let path = try package(dir, "p.zip", [("a.json", "A"), ("b/c.json", "C")])
        let reader = try ZipReader(path: path)
        for _ in 0..<2 {
            var got: [String] = []
            try reader.forEachFile { e, d in got.append(e.path + ":" + String(decoding: d, as: UTF8.self)) }
            #expect(got == ["a.json:A", "b/c.json:C"])
        }
    }

    @Test func replacingThePathAfterValidationDoesNotSwapTheArchive() throws {
        let dir = TempDir()
        let path = try package(dir, "p.zip", [("a.json", "validated")])
        let reader = try ZipReader(path: path)
        // Swap in a different (hostile) archive under the same name.
        let evil = HostileZip([HostileEntry("../evil.json")]).write(to: dir.file("evil.zip"))
        #expect(rename(evil, path) == 0)
        var got: [String] = []
        try reader.forEachFile { e, d in got.append(e.path + ":" + String(decoding: d, as: UTF8.self)) }
        #expect(got == ["a.json:validated"])
    }

    @Test func entriesDescribeSizesAndFolders() throws {
        let dir = TempDir()
        var folder = HostileEntry.directory("docs/")
        folder.flags = 0
        let path = HostileZip([folder, HostileEntry("docs/readme.txt", Array("hello".utf8))]).write(to: dir.file("p.zip"))
        let reader = try ZipReader(path: path)
        #expect(reader.entries == [
            ZipEntry(path: "docs/", size: 0, compressedSize: 0, isDirectory: true),
            ZipEntry(path: "docs/readme.txt", size: 5, compressedSize: 5, isDirectory: false),
        ])
        #expect(reader.files.map(\.path) == ["docs/readme.txt"])
    }

    @Test func forgedNFDNameReads() throws {
        let dir = TempDir()
        let nfd = "Cafe\u{301}/x.json"
        let path = HostileZip([HostileEntry(nfd)]).write(to: dir.file("nfd.zip"))
        let reader = try ZipReader(path: path)
        #expect(Array(reader.files[0].path.utf8) == Array(nfd.utf8))
        try reader.forEachFile { _, _ in }
    }

    @Test("an unflagged name that is valid UTF-8 is read as UTF-8, as the platform writes names; case twins are two entries unless the target folds case")
    func unflaggedUTF8NamesAndCaseTwins() throws {
        let dir = TempDir()
        var japanese = HostileEntry("取引先登録/法人番号システム.connection.json", Array("{}".utf8))
        japanese.flags = 0
        var upper = HostileEntry("Recipes/a.recipe.json", Array("{}".utf8))
        upper.flags = 0
        var lower = HostileEntry("recipes/a.recipe.json", Array("{}".utf8))
        lower.flags = 0
        let path = HostileZip([japanese, upper, lower]).write(to: dir.file("p.zip"))
        let reader = try ZipReader(path: path)
        var got: [String] = []
        try reader.forEachFile { entry, _ in got.append(entry.path) }
        #expect(got == ["取引先登録/法人番号システム.connection.json", "Recipes/a.recipe.json", "recipes/a.recipe.json"])
        #expect(throws: ArchiveError.self) { try ZipReader(path: path, letterCase: .folded) }
    }

    @Test func writerStoresNamesInNFC() throws {
        // libarchive's writer normalises names to NFC; the reader returns what is stored.
        let dir = TempDir()
        let nfd = "Cafe\u{301}/x.json"
        let path = try package(dir, "p.zip", [(nfd, "{}")])
        let reader = try ZipReader(path: path)
        #expect(Array(reader.files[0].path.utf8) == Array("Caf\u{E9}/x.json".utf8))
    }

    @Test func errorMessagesEscapeHostileNames() {
        let e = ArchiveError.unsafeName(archive: ZipDisplay.escape("x\u{1B}[2J.zip"), entry: ZipDisplay.escape(bytes: [0x61, 0x01, 0xFF, 0xE2, 0x80, 0xAE]), problem: .controlCharacter)
        #expect(e.description == "package 'x\\x1B[2J.zip', entry 'a\\x01\\xFF\\u{202E}': the name contains a control character")
        #expect(e.errorDescription == e.description)
    }

    @Test func fifoAndFolderAreRefusedWithoutBlocking() throws {
        let dir = TempDir()
        let fifo = dir.file("blocked.zip")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: ArchiveError.cannotOpen(archive: fifo, reason: "it is not a regular file")) { try ZipReader(path: fifo) }
        #expect(throws: ArchiveError.cannotOpen(archive: dir.path, reason: "it is not a regular file")) { try ZipReader(path: dir.path) }
        #expect(throws: ArchiveError.self) { try ZipReader(path: dir.file("missing.zip")) }
    }

    @Test func defaultLimitsAreSizedFromWorkatosPackageLimit() {
        let d = ZipLimits.default
        #expect(d.maxArchiveBytes == 256 << 20)
        #expect(d.maxTotalSize == 512 << 20)
        #expect(d.maxEntrySize == 64 << 20)
        #expect(d.maxCompressionRatio == 200)
        #expect(d.maxEntries == 100_000)
        #expect(d.maxPathBytes == 1024 && d.maxComponentBytes == 255)
    }
}
