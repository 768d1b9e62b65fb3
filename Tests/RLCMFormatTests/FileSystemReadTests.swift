import Foundation
import Testing
import RLCMTestSupport
@testable import RLCMFormat

/// Files are read straight into their array, sized by what `fstat` says; a file whose size says
/// less than it holds is read on to its end.
@Suite struct FileSystemReadTests {
    @Test("whole files of every size come back byte for byte", arguments: [0, 1, 4_095, 65_536, 300_001])
    func wholeFiles(size: Int) throws {
        let folder = TempDir()
        let bytes = pseudoRandomBytes(size, seed: UInt64(size))
        let path = folder.write("f.bin", bytes)
        #expect(try FileSystem.read(path) == bytes)
        #expect(try FileSystem.readPrefix(path, count: 100) == Array(bytes.prefix(100)))
    }

    @Test("a file whose size is not known before it is read (a /proc file says 0) is read to its end")
    func sizeUnknownBeforehand() throws {
        let status = String(decoding: try FileSystem.read("/proc/self/status"), as: UTF8.self)
        #expect(status.contains("Name:") && status.contains("VmRSS:"))
    }

    @Test("a file that is not there is a failure naming it")
    func missing() throws {
        let folder = TempDir()
        #expect { try FileSystem.read(folder.file("none")) } throws: { error in
            (error as? FileSystem.Failure)?.path == folder.file("none")
        }
    }
}
