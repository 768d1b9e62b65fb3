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
        // Number the distinct lines so comparisons are integer compares.
        var ids: [Substring: Int] = [:]
        func numbered(_ text: String) -> [Int] {
            splitLines(text).map { line in
                if let id = ids[line] { return id }
                let id = ids.count
                ids[line] = id
                return id
            }
        }
        let a = numbered(old), b = numbered(new)

        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        let x = a[start..<endA], y = b[start..<endB]
        if x.isEmpty || y.isEmpty { return (y.count, x.count, true) }

        if x.count + y.count <= exactDiffLineLimit, let d = myersDistance(x, y, workLimit: exactDiffWorkLimit) {
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

    /// Lines including their `\n`; a final line without one is its own (different) line.
    static func splitLines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let bytes = text.utf8
        var lineStart = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let next = bytes.index(after: index)
            if bytes[index] == UInt8(ascii: "\n") {
                lines.append(text[lineStart..<next])
                lineStart = next
            }
            index = next
        }
        if lineStart < bytes.endIndex { lines.append(text[lineStart...]) }
        return lines
    }

    /// The length of the shortest edit script (insertions + deletions) between `a` and `b`
    /// (Myers 1986, greedy forward search, O(N+M) memory), or nil once `workLimit` is exceeded.
    static func myersDistance(_ a: ArraySlice<Int>, _ b: ArraySlice<Int>, workLimit: Int) -> Int? {
        let a = Array(a), b = Array(b)
        let n = a.count, m = b.count
        let maxD = n + m
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var work = 0
        for d in 0...maxD {
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                let snakeStart = x
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                work += 1 + (x - snakeStart)
                v[offset + k] = x
                if x >= n && y >= m { return d }
                k += 2
            }
            if work > workLimit { return nil }
        }
        return maxD
    }
}
