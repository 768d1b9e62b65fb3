/// A short summary of how two versions of a connector's code differ, for the plan to show.
///
/// Line counts come from a Myers (shortest edit script) line diff, so they match what
/// `git diff --stat` would report for the same two texts. A line includes its terminator, so
/// a missing final newline or a CRLF/LF change counts as a changed line, as in git.
///
/// Bound: after the common prefix and suffix are trimmed, the diff runs only while the inputs
/// stay within ``CodeDiffSummary/exactDiffLineLimit`` lines and the search within
/// ``CodeDiffSummary/exactDiffWorkLimit`` steps (Myers is O((N+M)·D)). Beyond that it falls back
/// to a multiset count — each distinct line contributes the difference of its occurrence counts —
/// which is linear, exact for pure additions/removals, and never more than the true diff
/// (moved lines count as unchanged). `exact` says which one was used.
public struct CodeDiffSummary: Sendable, Equatable, Codable {
    public let identical: Bool
    public let linesAdded: Int
    public let linesRemoved: Int
    /// False when the inputs were too large or too different and the multiset fallback was used.
    public let exact: Bool
    public let actionsAdded: [String]
    public let actionsRemoved: [String]
    public let triggersAdded: [String]
    public let triggersRemoved: [String]

    enum CodingKeys: String, CodingKey {
        case identical, linesAdded = "lines_added", linesRemoved = "lines_removed", exact
        case actionsAdded = "actions_added", actionsRemoved = "actions_removed"
        case triggersAdded = "triggers_added", triggersRemoved = "triggers_removed"
    }

    /// Largest number of (untrimmed-middle) lines, old plus new, that gets an exact diff.
    public static let exactDiffLineLimit = 200_000
    /// Largest number of Myers search steps before giving up on an exact diff.
    public static let exactDiffWorkLimit = 20_000_000

    public init(old: String, new: String) {
        identical = old == new
        let oldSource = ConnectorSource(code: old)
        let newSource = ConnectorSource(code: new)
        actionsAdded = newSource.actions.subtracting(oldSource.actions).sorted()
        actionsRemoved = oldSource.actions.subtracting(newSource.actions).sorted()
        triggersAdded = newSource.triggers.subtracting(oldSource.triggers).sorted()
        triggersRemoved = oldSource.triggers.subtracting(newSource.triggers).sorted()
        if identical {
            (linesAdded, linesRemoved, exact) = (0, 0, true)
        } else {
            (linesAdded, linesRemoved, exact) = Self.lineCounts(old: old, new: new)
        }
    }

    // MARK: Line diff

    static func lineCounts(old: String, new: String) -> (added: Int, removed: Int, exact: Bool) {
        let (a, b) = LineDiff.numbered(LineDiff.lines(old), LineDiff.lines(new))

        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        let x = a[start..<endA], y = b[start..<endB]
        if x.isEmpty || y.isEmpty { return (y.count, x.count, true) }

        if x.count + y.count <= exactDiffLineLimit, let d = LineDiff.search(Array(x), Array(y), workLimit: exactDiffWorkLimit) {
            // d = removed + added, and the common subsequence is the rest of each side.
            let common = (x.count + y.count - d) / 2
            return (y.count - common, x.count - common, true)
        }
        var balance: [Int: Int] = [:]
        for line in x { balance[line, default: 0] -= 1 }
        for line in y { balance[line, default: 0] += 1 }
        var added = 0, removed = 0
        for (_, n) in balance { if n > 0 { added += n } else { removed -= n } }
        return (added, removed, false)
    }
}
