import Foundation
import RLCMTestSupport
import Testing

/// The text people read, pinned: README.md is the golden file. Every `console` block of it runs,
/// in order, as one walk from a scratch copy of the samples (`scripts/readme_walk.py`: one bash,
/// real `rlcm` processes, a real `rlcm serve` for the remote examples), and each command's output
/// must be what the README shows under it. `RLCM_UPDATE_GOLDEN=1 swift test --filter GoldenTests`
/// (or `scripts/refresh-readme`) puts the real outputs into the README instead.
@Suite struct GoldenTests {
    static let updating = ProcessInfo.processInfo.environment["RLCM_UPDATE_GOLDEN"] == "1"

    @Test("every README example, run in order from a scratch copy of the samples, prints what the README shows")
    func readmeWalk() throws {
        let walk = try runTool("python3", [SchemaValidator.repoRoot.path + "/scripts/readme_walk.py", CLI.executable]
                                          + (Self.updating ? ["--update"] : []))
        #expect(walk.status == 0, "scripts/readme_walk.py:\n\(walk.output)")
    }
}
