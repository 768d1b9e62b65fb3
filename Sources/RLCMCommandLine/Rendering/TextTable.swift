/// Left-aligned columns for terminal and CI-log output.
package enum TextTable {
    package static func render(header: [String], rows: [[String]]) -> String {
        lines(header: header, rows: rows).joined(separator: "\n")
    }

    /// The table's lines, the header's first: each cell but the last padded with spaces to its
    /// column's width in characters.
    package static func lines(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                if index > 0 { line += "  " }
                line += cell
                if index < row.count - 1 { line += String(repeating: " ", count: widths[index] - cell.count) }
            }
            return line
        }
    }
}
