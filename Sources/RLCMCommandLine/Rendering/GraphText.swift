import RLCMFormat
import RLCMKit

/// The graph drawn for reviewers: DOT for Graphviz, Mermaid for pages that render it.
extension DependencyGraph: WholeTextRendering {
    enum Format: String, CaseIterable {
        case dot, mermaid
    }

    /// `--json` prints nodes and links; the text form is DOT.
    package var text: String { dot() }

    func render(_ format: Format) -> String {
        switch format {
        case .dot: return dot()
        case .mermaid: return mermaid()
        }
    }

    private static let shapes: [AssetType: String] = [
        AssetType.recipe: "box", AssetType.connection: "ellipse", AssetType.customAdapter: "component",
        AssetType.apiGroup: "folder", AssetType.apiEndpoint: "cds",
    ]

    private func dot() -> String {
        func quote(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        var lines = ["digraph \(quote(title)) {", "  rankdir=LR;", "  node [fontname=\"Helvetica\", fontsize=10];"]
        for node in nodes {
            lines.append("  \(quote(node.id)) [label=\(quote("\(node.label)\n(\(node.type))")), shape=\(Self.shapes[node.type] ?? "note")];")
        }
        for edge in edges { lines.append("  \(quote(edge.from)) -> \(quote(edge.to));") }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private func mermaid() -> String {
        let ids = Dictionary(nodes.enumerated().map { ($1.id, "n\($0)") }, uniquingKeysWith: { first, _ in first })
        func label(_ text: String) -> String {
            text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: "<br/>")
        }
        var lines = ["flowchart LR"]
        for node in nodes {
            let text = "\"\(label(node.label))<br/>(\(node.type))\""
            let shaped: String
            switch node.type {
            case AssetType.connection: shaped = "([\(text)])"
            case AssetType.customAdapter: shaped = "[[\(text)]]"
            case AssetType.apiEndpoint, AssetType.apiGroup: shaped = "{{\(text)}}"
            default: shaped = "[\(text)]"
            }
            lines.append("  \(ids[node.id]!)\(shaped)")
        }
        for edge in edges {
            if let from = ids[edge.from], let to = ids[edge.to] { lines.append("  \(from) --> \(to)") }
        }
        return lines.joined(separator: "\n")
    }
}
