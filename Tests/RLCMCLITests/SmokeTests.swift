import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// The built rlcm runs, and each --json document it prints carries the library's format version.
@Test func formatVersionIsPositive() throws {
    #expect(outputFormatVersion > 0)
    let temp = TempDir()
    let workspace = temp.file("ws")
    var documents = [try CLI.run(["init", workspace, "--json"]).check().stdout]
    for command in [["history"], ["connector", "list"], ["recipe", "list"], ["workspace", "show"]] {
        documents.append(try CLI.run(command + ["-C", workspace, "--json"]).check().stdout)
    }
    for document in documents {
        let object = try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any]
        #expect(object?["format_version"] as? Int == outputFormatVersion, "\(document)")
    }
}
