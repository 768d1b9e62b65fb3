/// "Did you mean": the names nearest a word that names nothing, for commands and folders alike.
public enum EditDistance {
    /// The names within a few edits of `word` (letter case aside), or that start with it, nearest first.
    public static func nearest(_ word: String, among names: [String]) -> [String] {
        let word = word.lowercased()
        return names.map { (name: $0, distance: between(word, $0.lowercased())) }
            .filter { $0.distance <= max(2, $0.name.count / 3) || $0.name.lowercased().hasPrefix(word) }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }.map(\.name)
    }

    /// Edit distance, a swap of two neighbouring letters counting as one edit.
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1) }
            }
        }
        return table[a.count][b.count]
    }
}
