extension JSONPath {
    /// One step from a container to a value in it.
    package enum Step: Sendable, Equatable {
        case key(String), index(Int)
    }
}

/// A scalar value of a document found by where its bytes stand, with the path to it and the
/// objects around it: what tells which value two documents that differ in one place differ in
/// (a re-import's usual update: a version bumped, a provider key swapped) without building
/// either document's tree.
package struct JSONLocatedScalar: Sendable {
    /// From the root to the value.
    package var steps: [JSONPath.Step]
    /// The value's bytes in the document, a string's quotes included.
    package var range: Range<Int>
    /// The containers the steps reach before the value, outermost (the root's member) first: for
    /// an object, its scalar members whose key was asked for; nil for an array.
    package var containers: [[String: JSONValue]?]

    /// The number or string (without escapes) whose bytes hold all of `span` in `bytes`, a
    /// document known to be valid as `JSONParser.parse` reads it (what follows the value and the
    /// containers around it is not read); nil when the span reaches past one such value (into a
    /// key, between values, into a literal or a string with escapes, whose bytes are not its
    /// value's). `capturing`: the keys whose scalar members are kept for each object on the way.
    package static func covering(_ span: Range<Int>, in bytes: [UInt8], capturing: Set<String>) -> JSONLocatedScalar? {
        bytes.withUnsafeBytes { raw -> JSONLocatedScalar? in
            guard raw.baseAddress != nil else { return nil }
            var locator = ScalarLocator(document: raw, span: span, capturing: capturing)
            guard case .success = JSONParser.scanResult(raw, file: "", limits: .default, into: &locator), let found = locator.found else { return nil }
            return JSONLocatedScalar(steps: found.steps, range: found.range, containers: Array(locator.containers.dropFirst()))
        }
    }
}

/// Follows the path while a document is read, and keeps it when a value's bytes cover the span.
private struct ScalarLocator: JSONSink {
    struct Container {
        var isObject: Bool
        /// The key of the member being read, or the index of the next element.
        var key: String?
        var next = 0
        var captured: [String: JSONValue] = [:]
        /// How this container was reached from its own.
        var step: JSONPath.Step?
    }

    let base: UnsafeRawPointer
    let count: Int
    let span: Range<Int>
    let capturing: Set<String>
    var open: [Container] = []
    var found: (steps: [JSONPath.Step], range: Range<Int>)?
    /// Filled as the containers around the found value close (they close after it), root first.
    var containers: [[String: JSONValue]?] = []
    var aroundStillOpen = 0

    /// Found, and every container on the way below the root closed (or nothing to keep of them).
    var hasEnough: Bool { found != nil && (capturing.isEmpty || aroundStillOpen <= 1) }

    init(document: UnsafeRawBufferPointer, span: Range<Int>, capturing: Set<String>) {
        self.base = document.baseAddress!
        self.count = document.count
        self.span = span
        self.capturing = capturing
    }

    /// The step to the value that starts now, the next index counted.
    mutating func stepToValue() -> JSONPath.Step? {
        guard let last = open.indices.last else { return nil }
        if open[last].isObject { return open[last].key.map { .key($0) } }
        defer { open[last].next += 1 }
        return .index(open[last].next)
    }

    mutating func open(isObject: Bool) {
        let step = stepToValue()
        open.append(Container(isObject: isObject, step: step))
    }

    mutating func key(_ key: JSONRawString) { open[open.count - 1].key = key.string }

    mutating func string(_ string: JSONRawString) {
        scalar(string.raw, quoted: true, locatable: !string.hasEscapes) { .string(string.string) }
    }

    mutating func number(_ literal: UnsafeRawBufferPointer) {
        scalar(literal, quoted: false, locatable: true) { .number(literal.utf8String) }
    }

    mutating func literal(_ value: JSONValue) {
        _ = stepToValue()
        capture { value }
    }

    mutating func close(isObject: Bool) {
        let closing = open.removeLast()
        // The containers around the found value close innermost first, each leaving one fewer open;
        // any other container closing leaves at least as many open as are still around it.
        if found != nil, open.count == aroundStillOpen - 1 {
            containers[open.count] = closing.isObject ? closing.captured : nil
            aroundStillOpen -= 1
        }
    }

    /// A string's or number's bytes: whether they cover the span (a string with escapes is never
    /// found: its bytes are not its value's).
    private mutating func scalar(_ bytes: UnsafeRawBufferPointer, quoted: Bool, locatable: Bool, value: () -> JSONValue) {
        let step = stepToValue()
        capture(value)
        guard found == nil, locatable, let start = bytes.baseAddress, start >= base, start - base <= count else { return }
        let offset = start - base, quote = quoted ? 1 : 0
        let range = (offset - quote)..<(offset + bytes.count + quote)
        guard range.lowerBound <= span.lowerBound, span.upperBound <= range.upperBound else { return }
        found = (open.compactMap(\.step) + (step.map { [$0] } ?? []), range)
        containers = Array(repeating: nil, count: open.count)
        aroundStillOpen = open.count
    }

    /// Keeps a scalar member of the innermost object when its key is asked for.
    private mutating func capture(_ value: () -> JSONValue) {
        guard !capturing.isEmpty, let last = open.indices.last, open[last].isObject, let key = open[last].key, capturing.contains(key) else { return }
        open[last].captured[key] = value()
    }
}
