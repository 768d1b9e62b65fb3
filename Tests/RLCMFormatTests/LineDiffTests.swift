import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat

/// The plan's `--diff`: a shortest edit script, printed as `diff -u` prints it, that `patch`
/// applies to the old text to give the new one.
@Suite struct LineDiffTests {
    @Test func unifiedDiffReadsAsDiffU() {
        let old = (1...10).map { "line \($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n") + "line 11"
        #expect(LineDiff.unified(old: old, new: new, oldLabel: "a/f", newLabel: "b/f") == """
            --- a/f
            +++ b/f
            @@ -2,9 +2,10 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8
             line 9
             line 10
            +line 11
            \\ No newline at end of file

            """)
        #expect(LineDiff.unified(old: old, new: old, oldLabel: "a", newLabel: "b") == nil)
        #expect(LineDiff.unified(old: "", new: "x\n", oldLabel: "a", newLabel: "b") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n")
    }

    @Test func scriptIsShortestAndRebuildsTheNewText() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            let a = (0..<Int(rng.next() % 14)).map { _ in Int(rng.next() % 4) }
            let b = (0..<Int(rng.next() % 14)).map { _ in Int(rng.next() % 4) }
            let script = LineDiff.script(a, b, workLimit: LineDiff.workLimit)
            var rebuilt: [Int] = [], kept: [Int] = []
            for edit in script {
                switch edit {
                case .keep(let old, let new): rebuilt.append(b[new]); kept.append(a[old]); #expect(a[old] == b[new])
                case .add(let new): rebuilt.append(b[new])
                case .remove(let old): kept.append(a[old])
                }
            }
            #expect(rebuilt == b && kept == a, "\(a) -> \(b)")
            #expect(script.filter { if case .keep = $0 { false } else { true } }.count == LineDiff.search(a, b, workLimit: LineDiff.workLimit), "\(a) -> \(b)")
        }
    }

    @Test func patchAppliesTheUnifiedDiff() throws {
        let temp = TempDir()
        var rng = SeededGenerator(seed: 11)
        for round in 0..<20 {
            let old = (0..<Int(rng.next() % 40)).map { _ in "l\(rng.next() % 6)\n" }.joined()
            let new = (0..<Int(rng.next() % 40)).map { _ in "l\(rng.next() % 6)\n" }.joined()
            guard let diff = LineDiff.unified(old: old, new: new, oldLabel: "a/f", newLabel: "b/f") else { continue }
            let file = temp.file("f\(round)"), patchFile = temp.file("p\(round)")
            try old.write(toFile: file, atomically: true, encoding: .utf8)
            try diff.write(toFile: patchFile, atomically: true, encoding: .utf8)
            let result = try runTool("patch", ["-s", file, patchFile])
            #expect(result.status == 0, "\(result.output)\n\(diff)")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == new, "\(diff)")
        }
    }
}
