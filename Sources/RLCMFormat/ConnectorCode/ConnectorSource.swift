/// What a connector's Ruby source defines, read without evaluating it.
///
/// A custom connector's code is one Ruby hash literal (`{ title: ..., actions: { ... }, ... }`).
/// It is data to us: it is scanned by a small tokenizer, never evaluated. The tokenizer knows
/// enough Ruby to skip everything that can contain stray braces — strings (with escapes and
/// `#{...}` interpolation), `%q()`/`%Q{}`/`%w[]`/`%r{}`… literals, regular expressions, `?x`
/// character literals, symbols, `# comments`, `=begin`/`=end` blocks, heredoc bodies and anything
/// after `__END__` — and only braces, brackets and parentheses decide nesting (`do ... end`
/// blocks are balanced in themselves, so they need no tracking).
///
/// The scan is a single linear pass with an explicit state stack (no recursion), so deeply
/// nested or malformed input can neither overflow the stack nor loop: whatever was found before
/// the input stopped making sense is returned.
public struct ConnectorSource: Sendable, Equatable {
    /// The top-level `title: '...'`, if it is a plain string literal.
    public let title: String?
    /// Keys directly inside the top-level `actions: { ... }` hash.
    public let actions: Set<String>
    /// Keys directly inside the top-level `triggers: { ... }` hash.
    public let triggers: Set<String>

    public init(code: String) {
        var structure = ConnectorStructure()
        var lexer = RubyLexer(Array(code.utf8))
        lexer.run { structure.feed($0) }
        title = structure.title
        actions = structure.actions
        triggers = structure.triggers
    }
}

// MARK: - Tokens

/// The tokens that matter for finding hash keys. Everything else collapses into `.other`.
enum RubyToken: Equatable {
    case open(UInt8)        // { [ (
    case close(UInt8)       // } ] )
    case comma
    case arrow              // =>
    case label(String)      // `name:` or `"name":`
    case symbol(String)     // `:name` or `:"name"`
    case string(String)     // a complete string literal at top-level code
    case other
}

// MARK: - Structure (which keys sit where)

/// Consumes top-level tokens and records the keys of the outermost hash's `actions:` and
/// `triggers:` hashes, plus its `title:`.
struct ConnectorStructure {
    enum Role { case top, actions, triggers, other }

    struct Frame {
        let opener: UInt8
        let role: Role
        /// True right after the opener or a comma: the next token may be a key.
        var atEntryStart: Bool
        /// A string or symbol at entry start, waiting to see whether `=>` follows.
        var candidateKey: String?
        /// The key whose value comes next (set by a key, cleared by anything but the value's start).
        var keyAwaitingValue: String?
    }

    private(set) var title: String?
    private(set) var actions: Set<String> = []
    private(set) var triggers: Set<String> = []
    private var stack: [Frame] = []
    private var sawTopHash = false
    private var openCount: [UInt8: Int] = [:]

    mutating func feed(_ token: RubyToken) {
        switch token {
        case .open(let c):
            var role = Role.other
            if stack.isEmpty {
                if c == UInt8(ascii: "{") && !sawTopHash {
                    sawTopHash = true
                    role = .top
                }
            } else if stack[stack.count - 1].role == .top, c == UInt8(ascii: "{") {
                switch stack[stack.count - 1].keyAwaitingValue {
                case "actions": role = .actions; actions = []      // a repeated key wins, as in Ruby
                case "triggers": role = .triggers; triggers = []
                default: break
                }
            }
            settle()
            stack.append(Frame(opener: c, role: role, atEntryStart: true))
            openCount[c, default: 0] += 1
        case .close(let c):
            let opener: UInt8 = c == UInt8(ascii: "}") ? UInt8(ascii: "{") : c == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "(")
            // Pop to the matching opener; a stray closer with no opener open is ignored. The
            // per-kind counts keep that decision O(1), so pops stay amortized linear.
            guard openCount[opener, default: 0] > 0 else { return }
            while let frame = stack.popLast() {
                openCount[frame.opener, default: 0] -= 1
                if frame.opener == opener { break }
            }
            settle()
        case .comma:
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].atEntryStart = true
            stack[stack.count - 1].candidateKey = nil
            stack[stack.count - 1].keyAwaitingValue = nil
        case .arrow:
            guard !stack.isEmpty else { return }
            if let key = stack[stack.count - 1].candidateKey {
                stack[stack.count - 1].candidateKey = nil
                recordKey(key)
            } else {
                settle()
            }
        case .label(let name):
            guard !stack.isEmpty else { return }
            if stack[stack.count - 1].atEntryStart {
                recordKey(name)
            } else {
                settle()
            }
        case .symbol(let name), .string(let name):
            guard !stack.isEmpty else { return }
            let frame = stack[stack.count - 1]
            if frame.atEntryStart && frame.candidateKey == nil {
                stack[stack.count - 1].atEntryStart = false
                stack[stack.count - 1].candidateKey = name
                return
            }
            if case .string = token, frame.role == .top, frame.keyAwaitingValue == "title", frame.candidateKey == nil {
                title = name
            }
            settle()
        case .other:
            settle()
        }
    }

    private mutating func recordKey(_ key: String) {
        let i = stack.count - 1
        switch stack[i].role {
        case .actions: actions.insert(key)
        case .triggers: triggers.insert(key)
        case .top, .other: break
        }
        stack[i].atEntryStart = false
        stack[i].keyAwaitingValue = key
    }

    /// Something that is neither a key nor the start of a key's value: the current entry is
    /// now "in its value" until the next comma.
    private mutating func settle() {
        guard !stack.isEmpty else { return }
        let i = stack.count - 1
        stack[i].atEntryStart = false
        stack[i].candidateKey = nil
        stack[i].keyAwaitingValue = nil
    }
}

// MARK: - Lexer

/// A linear, non-recursive Ruby tokenizer that emits structural tokens of top-level code only
/// (code inside string interpolation is scanned for balance but produces no tokens).
///
/// Ambiguities are settled with the usual Ruby heuristics: `/`, `%`, `?` and `<<` start a
/// literal when the previous token is not a value (or after a method name, a space and no
/// space, as in `split /,/`); otherwise they are operators.
struct RubyLexer {
    private struct Literal {
        var opener: UInt8?          // set for nestable delimiters ( [ { <
        var closer: UInt8
        var nesting = 0
        var interpolates: Bool
        var kind: Kind
        var contentStart: Int
        enum Kind { case string, quoteString, symbol, regex, other }
    }

    private enum Mode {
        case code(braceDepth: Int)   // braceDepth counts `{` inside an interpolation
        case literal(Literal)
    }

    private struct Heredoc {
        let terminator: [UInt8]
        let indented: Bool           // `<<~` / `<<-`: the terminator may be indented
    }

    private let b: [UInt8]
    private var i = 0
    private var modes: [Mode] = [.code(braceDepth: 0)]
    private var pendingHeredocs: [Heredoc] = []
    private var prevIsValue = false
    private var prevIsIdentifier = false
    private var spaceBefore = false
    /// Names assigned to (`x = ...`) or taken as block parameters (`{ |c, x| ...}`): like Ruby's
    /// parser, treat `x /2` as division, not a regex, when `x` is a local variable.
    private var locals: Set<String> = []
    private var lastWasBlockOpener = false
    private var inBlockParameters = false

    init(_ bytes: [UInt8]) { b = bytes }

    mutating func run(_ emit: (RubyToken) -> Void) {
        while i < b.count, let mode = modes.last {
            switch mode {
            case .literal(let lit):
                modes.removeLast()
                scanLiteral(lit, emit)
            case .code(let depth):
                lexCode(depth: depth, emit)
            }
        }
    }

    // MARK: Literals

    /// Scans a literal body until it ends or an interpolation starts; updates the mode stack.
    private mutating func scanLiteral(_ literal: Literal, _ emit: (RubyToken) -> Void) {
        var lit = literal
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\\") { i += 2; continue }
            if lit.interpolates && c == UInt8(ascii: "#") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "{") {
                i += 2
                modes.append(.literal(lit))
                modes.append(.code(braceDepth: 0))
                prevIsValue = false; prevIsIdentifier = false; spaceBefore = false
                return
            }
            if let o = lit.opener, c == o {
                lit.nesting += 1
            } else if c == lit.closer {
                if lit.nesting > 0 {
                    lit.nesting -= 1
                } else {
                    let contentEnd = i
                    i += 1
                    finish(lit, contentEnd: contentEnd, emit)
                    return
                }
            }
            i += 1
        }
        i = min(i, b.count)   // unterminated: the input ends inside the literal
    }

    private mutating func finish(_ lit: Literal, contentEnd: Int, _ emit: (RubyToken) -> Void) {
        if lit.kind == .regex {
            while i < b.count, isLetter(b[i]) { i += 1 }   // flags
        }
        prevIsValue = true; prevIsIdentifier = false; spaceBefore = false
        guard modes.count == 1 else { return }   // inside an interpolation: no tokens
        let end = max(lit.contentStart, min(contentEnd, b.count))
        let raw = b[lit.contentStart..<end]
        switch lit.kind {
        case .string, .quoteString:
            let text = unescape(raw, singleQuoted: !lit.interpolates)
            // `"name": value` / `'name': value` is a label (but `"a"::B` is not).
            if lit.kind == .quoteString, i < b.count, b[i] == UInt8(ascii: ":"),
               !(i + 1 < b.count && b[i + 1] == UInt8(ascii: ":")) {
                i += 1
                prevIsValue = false
                emit(.label(text))
            } else {
                emit(.string(text))
            }
        case .symbol:
            emit(.symbol(unescape(raw, singleQuoted: !lit.interpolates)))
        case .regex, .other:
            emit(.other)
        }
    }

    private mutating func startLiteral(closer: UInt8, opener: UInt8? = nil, interpolates: Bool, kind: Literal.Kind, contentStart: Int) {
        i = contentStart
        modes.append(.literal(Literal(opener: opener, closer: closer, interpolates: interpolates, kind: kind, contentStart: contentStart)))
    }

    // MARK: Code

    private mutating func lexCode(depth: Int, _ emit: (RubyToken) -> Void) {
        let top = modes.count == 1
        func out(_ t: RubyToken) { if top { emit(t) } }

        if i == 0 || b[i - 1] == UInt8(ascii: "\n") {
            if b[i] == UInt8(ascii: "="), startsLine(with: Self.beginMarker) { skipEmbeddedDocument(); return }
            if b[i] == UInt8(ascii: "_"), startsLine(with: Self.endMarker) { i = b.count; return }
        }

        let c = b[i]
        let next: UInt8 = i + 1 < b.count ? b[i + 1] : 0
        let afterBlockOpener = lastWasBlockOpener
        if !isSpace(c) && c != UInt8(ascii: "#") { lastWasBlockOpener = false }
        switch c {
        case UInt8(ascii: "\n"):
            i += 1
            if !pendingHeredocs.isEmpty { skipHeredocBodies() }
            prevIsValue = false; prevIsIdentifier = false; spaceBefore = true
            return
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
            i += 1; spaceBefore = true
            return
        case UInt8(ascii: "\\"):   // line continuation or stray backslash
            i += 2; spaceBefore = true
            return
        case UInt8(ascii: "#"):
            while i < b.count, b[i] != UInt8(ascii: "\n") { i += 1 }
            return
        case UInt8(ascii: "'"):
            startLiteral(closer: c, interpolates: false, kind: .quoteString, contentStart: i + 1)
        case UInt8(ascii: "\""):
            startLiteral(closer: c, interpolates: true, kind: .quoteString, contentStart: i + 1)
        case UInt8(ascii: "`"):
            startLiteral(closer: c, interpolates: true, kind: .other, contentStart: i + 1)
        case UInt8(ascii: ":"):
            lexColon(next: next, out)
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "("), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
            lexBracket(c, depth: depth, top: top, out)
        case UInt8(ascii: ","):
            i += 1; out(.comma); setOperator()
        case UInt8(ascii: ";"):
            i += 1; out(.other); setOperator()
        case UInt8(ascii: "="):
            if next == UInt8(ascii: ">") { i += 2; out(.arrow) } else { i += 1; out(.other) }
            setOperator()
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "<"), let heredoc = heredocStart() {
                pendingHeredocs.append(heredoc)
                out(.other); setValue()
            } else {
                i += 1; out(.other); setOperator()
            }
        case UInt8(ascii: "%"):
            if !percentLiteral() { i += 1; out(.other); setOperator() }
        case UInt8(ascii: "/"):
            if literalMayStart(next: next) {
                startLiteral(closer: c, interpolates: true, kind: .regex, contentStart: i + 1)
            } else {
                i += 1; out(.other); setOperator()
            }
        case UInt8(ascii: "?"):
            lexQuestionMark(next: next, out)
        case UInt8(ascii: "$"), UInt8(ascii: "@"):
            lexVariable(c, next: next, out)
        default:
            if isIdentifierByte(c) {
                lexIdentifier(top: top, emit)
            } else {
                lexPunctuation(c, afterBlockOpener: afterBlockOpener, out)
            }
        }
    }

    /// `::`, a symbol (`:name`, `:"name"`), or a lone colon.
    private mutating func lexColon(next: UInt8, _ out: (RubyToken) -> Void) {
        if next == UInt8(ascii: ":") {
            i += 2; out(.other); setOperator()
        } else if next == UInt8(ascii: "\"") || next == UInt8(ascii: "'") {
            startLiteral(closer: next, interpolates: next == UInt8(ascii: "\""), kind: .symbol, contentStart: i + 2)
        } else if isIdentifierStart(next) || next == UInt8(ascii: "@") || next == UInt8(ascii: "$") {
            let start = i + 1
            i = start
            if b[i] == UInt8(ascii: "$") || b[i] == UInt8(ascii: "@") { i += 1 }
            if i < b.count, b[i] == UInt8(ascii: "@") { i += 1 }
            while i < b.count, isIdentifierByte(b[i]) { i += 1 }
            if i < b.count, b[i] == UInt8(ascii: "?") || b[i] == UInt8(ascii: "!") || b[i] == UInt8(ascii: "=") {
                let after: UInt8 = i + 1 < b.count ? b[i + 1] : 0
                // `:name=` is a setter symbol unless it is `:a==`/`:a=>`.
                if !(b[i] == UInt8(ascii: "=") && (after == UInt8(ascii: "=") || after == UInt8(ascii: ">") || after == UInt8(ascii: "~"))) { i += 1 }
            }
            out(.symbol(String(decoding: b[start..<i], as: UTF8.self)))
            setValue()
        } else {
            i += 1; out(.other); setOperator()
        }
    }

    /// An opening or closing bracket; inside `#{...}` braces count, and the closing one returns
    /// to the enclosing literal.
    private mutating func lexBracket(_ c: UInt8, depth: Int, top: Bool, _ out: (RubyToken) -> Void) {
        i += 1
        if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") || c == UInt8(ascii: "(") {
            if c == UInt8(ascii: "{"), !top { modes[modes.count - 1] = .code(braceDepth: depth + 1) }
            out(.open(c)); setOperator()
            lastWasBlockOpener = c == UInt8(ascii: "{")
            return
        }
        if c == UInt8(ascii: "}"), !top {
            if depth == 0 {
                modes.removeLast()   // end of `#{...}`: back to the enclosing literal
                return
            }
            modes[modes.count - 1] = .code(braceDepth: depth - 1)
        }
        out(.close(c)); setValue()
    }

    /// A character literal (`?x`, `?\n`, `?{`) where a value may start, else the ternary operator.
    private mutating func lexQuestionMark(next: UInt8, _ out: (RubyToken) -> Void) {
        guard !prevIsValue, next != 0, !isSpace(next) else {
            i += 1; out(.other); setOperator()
            return
        }
        if next == UInt8(ascii: "\\") {
            i += 3
        } else if i + 2 >= b.count || !isIdentifierByte(b[i + 2]) {
            i += 2
        } else {
            i += 1; out(.other); setOperator(); return
        }
        i = min(i, b.count)
        out(.other); setValue()
    }

    /// A global (`$name`, and `$'`, `$"`, `$;` ..., which are not the start of a string) or an
    /// instance or class variable.
    private mutating func lexVariable(_ c: UInt8, next: UInt8, _ out: (RubyToken) -> Void) {
        if c == UInt8(ascii: "$") {
            if next != 0, !isIdentifierByte(next) { i = min(i + 2, b.count) } else { i += 1; while i < b.count, isIdentifierByte(b[i]) { i += 1 } }
        } else {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "@") { i += 1 }
            while i < b.count, isIdentifierByte(b[i]) { i += 1 }
        }
        out(.other); setValue()
    }

    /// Any other operator byte; `|` opens and closes block parameters after a block's `{`/`do`.
    private mutating func lexPunctuation(_ c: UInt8, afterBlockOpener: Bool, _ out: (RubyToken) -> Void) {
        i += 1; out(.other)
        if c == UInt8(ascii: "|") {
            if inBlockParameters { inBlockParameters = false } else if afterBlockOpener { inBlockParameters = true }
        }
        if c == UInt8(ascii: ".") || c == UInt8(ascii: "&") {
            // After `.`/`&.` comes a method name, which may look like a keyword.
            prevIsValue = false; prevIsIdentifier = false; spaceBefore = false
        } else {
            setOperator()
        }
    }

    private mutating func lexIdentifier(top: Bool, _ emit: (RubyToken) -> Void) {
        let start = i
        let isNumber = isDigit(b[i])
        while i < b.count, isIdentifierByte(b[i]) { i += 1 }
        if !isNumber, i < b.count, b[i] == UInt8(ascii: "?") || b[i] == UInt8(ascii: "!"),
           !(i + 1 < b.count && b[i + 1] == UInt8(ascii: "=")) || (i + 2 < b.count && b[i + 2] == UInt8(ascii: "=")) {
            i += 1
        }
        let word = b[start..<i]
        // `name:` (but not `Name::Const`) is a label.
        if !isNumber, i < b.count, b[i] == UInt8(ascii: ":"), !(i + 1 < b.count && b[i + 1] == UInt8(ascii: ":")) {
            i += 1
            if top { emit(.label(String(decoding: word, as: UTF8.self))) }
            setOperator()
            return
        }
        if top { emit(.other) }
        let name = String(decoding: word, as: UTF8.self)
        let keyword = !isNumber && Self.operatorKeywords.contains(name)
        if !isNumber && !keyword && (inBlockParameters || isAssignedHere()) { locals.insert(name) }
        prevIsValue = !keyword
        prevIsIdentifier = !keyword && !isNumber && !locals.contains(name)
        spaceBefore = false
        lastWasBlockOpener = name == "do"
    }

    /// Whether an `=` that is an assignment (not `==`, `=>`, `=~`) follows on this line.
    private func isAssignedHere() -> Bool {
        var k = i
        while k < b.count, b[k] == UInt8(ascii: " ") || b[k] == UInt8(ascii: "\t") { k += 1 }
        guard k < b.count, b[k] == UInt8(ascii: "=") else { return false }
        let after: UInt8 = k + 1 < b.count ? b[k + 1] : 0
        return after != UInt8(ascii: "=") && after != UInt8(ascii: ">") && after != UInt8(ascii: "~")
    }

    /// Keywords after which an expression (and so a literal) starts.
    private static let operatorKeywords: Set<String> = [
        "if", "elsif", "else", "unless", "while", "until", "and", "or", "not", "return", "when",
        "in", "then", "do", "case", "begin", "rescue", "ensure", "next", "break", "defined?",
    ]

    // MARK: Special literals

    /// `%q(...)`, `%Q{...}`, `%w[...]`, `%i<...>`, `%s(...)`, `%r{...}`, `%x(...)`, `%(...)`.
    private mutating func percentLiteral() -> Bool {
        guard i + 1 < b.count else { return false }
        let n1 = b[i + 1]
        var type: UInt8 = 0
        var delimiterIndex = i + 1
        if "qQwWiIsrx".utf8.contains(n1), i + 2 < b.count, isPercentDelimiter(b[i + 2]) {
            type = n1
            delimiterIndex = i + 2
        } else if !isPercentDelimiter(n1) || n1 == UInt8(ascii: "=") {
            return false
        }
        guard literalMayStart(next: n1) else { return false }
        let open = b[delimiterIndex]
        let close: UInt8
        switch open {
        case UInt8(ascii: "("): close = UInt8(ascii: ")")
        case UInt8(ascii: "["): close = UInt8(ascii: "]")
        case UInt8(ascii: "{"): close = UInt8(ascii: "}")
        case UInt8(ascii: "<"): close = UInt8(ascii: ">")
        default: close = open
        }
        let interpolates = type == 0 || "QWIrx".utf8.contains(type)
        let kind: Literal.Kind
        switch type {
        case 0, UInt8(ascii: "Q"), UInt8(ascii: "q"): kind = .string
        case UInt8(ascii: "s"): kind = .symbol
        case UInt8(ascii: "r"): kind = .regex
        default: kind = .other
        }
        startLiteral(closer: close, opener: close == open ? nil : open, interpolates: interpolates, kind: kind, contentStart: delimiterIndex + 1)
        return true
    }

    /// `<<~ID`, `<<-ID`, `<<ID`, with `ID` optionally quoted. Consumes the opener and returns the
    /// heredoc whose body starts on the next line, or nil (and consumes nothing) for `<<` shifts.
    private mutating func heredocStart() -> Heredoc? {
        var j = i + 2
        guard j < b.count else { return nil }
        var indented = false
        if b[j] == UInt8(ascii: "~") || b[j] == UInt8(ascii: "-") { indented = true; j += 1 }
        guard j < b.count else { return nil }
        let first = b[j]
        let quoted = first == UInt8(ascii: "'") || first == UInt8(ascii: "\"") || first == UInt8(ascii: "`")
        guard quoted || (isIdentifierStart(first) && !isDigit(first)) else { return nil }
        if prevIsValue {
            // `x << y` / `a<<b` are shifts; `call <<~EOS` / `call <<EOS` are heredoc arguments.
            guard prevIsIdentifier, spaceBefore else { return nil }
            if !indented && !quoted && !isUpper(first) { return nil }
        }
        var terminator: [UInt8] = []
        if quoted {
            var k = j + 1
            while k < b.count, b[k] != first, b[k] != UInt8(ascii: "\n") { k += 1 }
            guard k < b.count, b[k] == first else { return nil }
            terminator = Array(b[(j + 1)..<k])
            i = k + 1
        } else {
            var k = j
            while k < b.count, isIdentifierByte(b[k]) { k += 1 }
            terminator = Array(b[j..<k])
            i = k
        }
        return Heredoc(terminator: terminator, indented: indented)
    }

    /// At the start of the line after a heredoc opener: skip each pending body up to and
    /// including its terminator line.
    private mutating func skipHeredocBodies() {
        for heredoc in pendingHeredocs {
            while i < b.count {
                let lineStart = i
                while i < b.count, b[i] != UInt8(ascii: "\n") { i += 1 }
                var s = lineStart, e = i
                if i < b.count { i += 1 }
                if e > s, b[e - 1] == UInt8(ascii: "\r") { e -= 1 }
                if heredoc.indented { while s < e, b[s] == UInt8(ascii: " ") || b[s] == UInt8(ascii: "\t") { s += 1 } }
                if b[s..<e].elementsEqual(heredoc.terminator) { break }
            }
        }
        pendingHeredocs.removeAll()
    }

    /// `=begin` ... `=end` (both at the start of a line).
    private mutating func skipEmbeddedDocument() {
        while i < b.count {
            while i < b.count, b[i] != UInt8(ascii: "\n") { i += 1 }
            if i < b.count { i += 1 }
            if startsLine(with: Self.embeddedDocumentEnd) {
                while i < b.count, b[i] != UInt8(ascii: "\n") { i += 1 }
                return
            }
        }
    }

    private static let beginMarker = Array("=begin".utf8)
    private static let embeddedDocumentEnd = Array("=end".utf8)
    private static let endMarker = Array("__END__".utf8)

    private func startsLine(with w: [UInt8]) -> Bool {
        guard i + w.count <= b.count, b[i..<(i + w.count)].elementsEqual(w) else { return false }
        let after = i + w.count
        return after == b.count || isSpace(b[after])
    }

    /// Whether `/`, `%` or `?` here starts a literal rather than being an operator.
    private func literalMayStart(next: UInt8) -> Bool {
        if !prevIsValue { return true }
        // `split /,/` or `puts %w[a b]`: method name, a space, then no space.
        return prevIsIdentifier && spaceBefore && next != 0 && !isSpace(next) && next != UInt8(ascii: "=")
    }

    private mutating func setValue() { prevIsValue = true; prevIsIdentifier = false; spaceBefore = false }
    private mutating func setOperator() { prevIsValue = false; prevIsIdentifier = false; spaceBefore = false }
}

// MARK: - Byte classes and unescaping

private func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
private func isUpper(_ c: UInt8) -> Bool { c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") }
private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
private func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
private func isIdentifierStart(_ c: UInt8) -> Bool { isLetter(c) || c == UInt8(ascii: "_") || c >= 0x80 }
private func isIdentifierByte(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }
private func isPercentDelimiter(_ c: UInt8) -> Bool { c < 0x80 && !isSpace(c) && !isLetter(c) && !isDigit(c) && c != UInt8(ascii: "_") }

/// Resolves the common escapes of a string literal's raw content. Interpolations stay as written.
private func unescape(_ raw: ArraySlice<UInt8>, singleQuoted: Bool) -> String {
    guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var k = raw.startIndex
    while k < raw.endIndex {
        let c = raw[k]
        guard c == UInt8(ascii: "\\"), k + 1 < raw.endIndex else { out.append(c); k += 1; continue }
        let e = raw[k + 1]
        k += 2
        if singleQuoted {
            if e != UInt8(ascii: "\\") && e != UInt8(ascii: "'") { out.append(UInt8(ascii: "\\")) }
            out.append(e)
            continue
        }
        switch e {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "0"): out.append(0x00)
        case UInt8(ascii: "s"): out.append(0x20)
        case UInt8(ascii: "e"): out.append(0x1B)
        case UInt8(ascii: "\n"): break   // line continuation
        default: out.append(e)
        }
    }
    return String(decoding: out, as: UTF8.self)
}
