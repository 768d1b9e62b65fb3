import Testing
@testable import RLCMFormat
@testable import RLCMCommandLine

/// The line a plan prints under a connector for how its code differs from the released version.
@Suite struct CodeDiffTextTests {
    @Test("identical, exact with the actions and triggers that changed, or approximate")
    func codeDiffText() {
        #expect(CodeDiffSummary(old: "a\n", new: "a\n").text == "identical")
        let old = "{ actions: { get_invoice: {}, get_order: {} }, triggers: {} }\n"
        let new = "{ actions: { get_order: {} },\n triggers: { order_cancelled: {} } }\n"
        #expect(CodeDiffSummary(old: old, new: new).text == "+2 -1 lines; actions removed: get_invoice; triggers added: order_cancelled")
        let many = CodeDiffSummary(old: (0..<150_000).map { "old \($0)\n" }.joined(), new: (0..<150_000).map { "new \($0)\n" }.joined())
        #expect(many.text == "+150000 -150000 lines (approximate)")
    }
}
