import Foundation
import Testing

/// A folder of inputs that once broke a reader, or pin one of its promises, with what each must
/// keep producing in the folder's `expected.json`: `{"<file>": {"why": "…", "outcome": "…"}}`,
/// where the outcome is `accepted` or the exact refusal.
struct RegressionCases {
    let folder: String
    /// The input files, sorted.
    let names: [String]
    private let outcomes: [String: String]

    /// Fails the test when the folder is missing, holds no input, or an input and an expected
    /// outcome do not pair up: a replay of nothing passes nothing.
    init(folder: String, suffix: String) throws {
        self.folder = folder
        names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(suffix) && $0 != "expected.json" }.sorted()
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/expected.json"))
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: String]], "\(folder)/expected.json")
        outcomes = entries.compactMapValues { $0["outcome"] }
        try #require(!names.isEmpty, "\(folder) holds no input")
        #expect(Set(names) == Set(outcomes.keys), "inputs without an expected outcome or outcomes without an input in \(folder)")
        #expect(entries.values.allSatisfy { !($0["why"] ?? "").isEmpty }, "every case in \(folder)/expected.json says why it is kept")
    }

    func path(_ name: String) -> String { folder + "/" + name }

    func expectedOutcome(_ name: String) -> String? { outcomes[name] }
}
