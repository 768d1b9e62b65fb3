/// A line diff of two texts (Myers 1986), for the plan's `--diff` and the connector code summary:
/// one search, which either measures the shortest edit script or, with a trace, recovers it and
/// prints it as a unified diff like `diff -u`'s.
public enum LineDiff {
    /// Lines of context around each change in a unified diff, as `diff -u` and git print.
    public static let context = 3
    /// Largest number of search steps before a unified diff gives up on finding the shortest
    /// script and shows the old text removed and the new one added whole. The trace it keeps grows
    /// with the square of the distance; this bound keeps it to a few megabytes.
    public static let workLimit = 1_000_000

    /// Lines including their `\n`; a final line without one is its own (different) line.
    public static func lines(_ text: String) -> [Substring] {
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

    /// Both texts' lines as numbers, equal lines the same number, so the search compares integers.
    static func numbered(_ old: [Substring], _ new: [Substring]) -> (old: [Int], new: [Int]) {
        var ids: [Substring: Int] = [:]
        func number(_ line: Substring) -> Int {
            if let id = ids[line] { return id }
            ids[line] = ids.count
            return ids.count - 1
        }
        return (old.map(number), new.map(number))
    }

    /// The length of the shortest edit script (insertions + deletions) between `a` and `b`, or nil
    /// once `workLimit` is exceeded: Myers' greedy forward search in O(N+M) memory. `trace`, when
    /// given, receives the furthest-reaching x of each diagonal -d...d before step d extends them,
    /// which is what recovering the script needs.
    static func search(_ a: [Int], _ b: [Int], workLimit: Int, trace: ((_ d: Int, _ v: ArraySlice<Int>) -> Void)? = nil) -> Int? {
        let n = a.count, m = b.count
        let maxD = n + m
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var work = 0
        for d in 0...maxD {
            trace?(d, v[(offset - d - 1)...(offset + d + 1)])
            var k = -d
            while k <= d {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1
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

    /// One line of an edit script: kept, removed from the old text or added from the new.
    enum Edit: Equatable {
        case keep(old: Int, new: Int), remove(old: Int), add(new: Int)
    }

    /// The shortest edit script from `a` to `b`, or, past `workLimit`, every line of `a` removed
    /// and every line of `b` added.
    static func script(_ a: [Int], _ b: [Int], workLimit: Int) -> [Edit] {
        var traces: [[Int]] = []
        guard let distance = search(a, b, workLimit: workLimit, trace: { _, v in traces.append(Array(v)) }) else {
            return a.indices.map { .remove(old: $0) } + b.indices.map { .add(new: $0) }
        }
        var edits: [Edit] = []
        var x = a.count, y = b.count
        for d in stride(from: distance, through: 0, by: -1) {
            // traces[d] holds diagonals -d-1...d+1 as they were before step d, at index k + d + 1.
            let v = traces[d], k = x - y
            let previousK = k == -d || (k != d && v[k - 1 + d + 1] < v[k + 1 + d + 1]) ? k + 1 : k - 1
            let previousX = v[previousK + d + 1], previousY = previousX - previousK
            while x > previousX && y > previousY {
                x -= 1; y -= 1
                edits.append(.keep(old: x, new: y))
            }
            if d > 0 { edits.append(previousK == k + 1 ? .add(new: previousY) : .remove(old: previousX)) }
            (x, y) = (previousX, previousY)
        }
        return edits.reversed()
    }

    /// The unified diff of `old` and `new` (`diff -u`'s format, headed `--- oldLabel` and `+++
    /// newLabel`, with `context` lines around each hunk), or nil when the texts are equal.
    public static func unified(old: String, new: String, oldLabel: String, newLabel: String) -> String? {
        guard old != new else { return nil }
        let oldLines = lines(old), newLines = lines(new)
        let (a, b) = numbered(oldLines, newLines)
        let edits = script(a, b, workLimit: workLimit)
        var output = "--- \(oldLabel)\n+++ \(newLabel)\n"
        func line(_ prefix: String, _ text: Substring) {
            output += prefix
            if text.hasSuffix("\n") { output += text } else { output += text + "\n\\ No newline at end of file\n" }
        }
        let changed = edits.indices.filter { if case .keep = edits[$0] { false } else { true } }
        var start = 0
        while start < changed.count {
            // A hunk: changes no more than 2 * context kept lines apart, with context around them.
            var end = start
            while end + 1 < changed.count && changed[end + 1] - changed[end] <= 2 * context + 1 { end += 1 }
            let first = max(0, changed[start] - context), last = min(edits.count - 1, changed[end] + context)
            let hunk = edits[first...last]
            var oldStart = 0, newStart = 0, oldCount = 0, newCount = 0
            for edit in edits[..<first] {
                switch edit {
                case .keep: oldStart += 1; newStart += 1
                case .remove: oldStart += 1
                case .add: newStart += 1
                }
            }
            for edit in hunk {
                switch edit {
                case .keep: oldCount += 1; newCount += 1
                case .remove: oldCount += 1
                case .add: newCount += 1
                }
            }
            output += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for edit in hunk {
                switch edit {
                case .keep(let o, _): line(" ", oldLines[o])
                case .remove(let o): line("-", oldLines[o])
                case .add(let n): line("+", newLines[n])
                }
            }
            start = end + 1
        }
        return output
    }

    /// A hunk's range as `diff -u` writes it: `start,count`, 1-based, `start` alone for one line,
    /// and the line before an empty range.
    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start + 1)" : "\(count == 0 ? start : start + 1),\(count)"
    }
}
