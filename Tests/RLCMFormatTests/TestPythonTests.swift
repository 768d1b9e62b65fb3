import Foundation
import RLCMTestSupport
import Testing

/// The tests' Python is their own: every pinned requirement at its version, nothing from the
/// machine's site-packages.
@Test func testPythonHoldsThePinnedRequirements() throws {
    let python = try TestPython.executable()
    let freeze = try runTool(python, ["-m", "pip", "freeze", "--disable-pip-version-check"])
    #expect(freeze.status == 0, "\(freeze.output)")
    let installed = Set(freeze.output.split(separator: "\n").map { $0.lowercased().replacingOccurrences(of: "_", with: "-") })
    let pinned = try String(contentsOfFile: TestPython.requirements, encoding: .utf8).split(separator: "\n")
        .filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { $0.lowercased().replacingOccurrences(of: "_", with: "-") }
    #expect(pinned.count >= 2 && pinned.allSatisfy { $0.contains("==") }, "\(pinned)")
    for requirement in pinned { #expect(installed.contains(requirement), "\(requirement) is not installed in \(TestPython.venv): \(installed.sorted())") }
    let isolated = try runTool(python, ["-c", "import sys; print(sys.prefix != sys.base_prefix)"])
    #expect(isolated.output == "True\n")
}
