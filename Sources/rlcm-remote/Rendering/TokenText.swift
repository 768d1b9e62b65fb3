import RLCMCommandLine
import RLCMServer

/// `rlcm token` as people read it: the new token itself is shown this once.
extension TokenCreatedReport: WholeTextRendering {
    package var text: String {
        "Created API token '\(name)'. It is shown only now; rlcm keeps only its SHA-256 hash:\n\(token)"
    }
}

extension TokenListReport: WholeTextRendering {
    package var text: String {
        var lines: [String] = []
        if let revoked { lines.append("Revoked API token '\(revoked)': requests with it now get 401.") }
        if tokens.isEmpty { lines.append(revoked == nil ? "No API tokens; create one with 'rlcm token create NAME'." : "No API tokens left.") }
        else if revoked == nil { lines.append(TextTable.render(header: ["NAME", "CREATED"], rows: tokens.map { [$0.name, $0.createdAt] })) }
        return lines.joined(separator: "\n")
    }
}
