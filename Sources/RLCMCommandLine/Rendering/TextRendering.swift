/// How a report reads for people, in a terminal or a CI log: the executable's, not the
/// library's, which returns the report as a typed value.
package protocol TextRendering {
    /// The text, lines without a trailing newline, written as it is made: a plan of a large
    /// workspace lists tens of thousands of recipes, which need not be held in memory at once.
    func writeText(to output: inout some TextOutputStream)
}

/// A report of a few lines, made whole and then written.
package protocol WholeTextRendering: TextRendering {
    var text: String { get }
}

extension WholeTextRendering {
    package func writeText(to output: inout some TextOutputStream) { output.write(text) }
}
