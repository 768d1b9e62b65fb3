import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat

private func fixtureConnectorCode() throws -> String {
    try String(contentsOf: SchemaValidator.orderSyncFixture.appendingPathComponent("acme_erp.custom_adapter.rb"), encoding: .utf8)
}

@Suite struct ConnectorSourceTests {
    @Test func readsTheFixtureConnector() throws {
        let source = ConnectorSource(code: try fixtureConnectorCode())
        #expect(source.title == "Acme ERP")
        #expect(source.actions == ["get_order", "get_invoice", "update_order_status"])
        #expect(source.triggers == ["new_order"])
    }

    @Test func ignoresKeysInsideStringsAndComments() {
        let code = """
        {
          title: "Tricky \\"one\\" { actions: { fake: 1 } }",
          # actions: { commented_out: {} }
          description: 'actions: { also_fake: { } } \\' }',
          help: %q(actions: { in_percent_q: (nested) } ),
          help2: %Q{actions: #{ { x: 1 }[:x] } { balanced }},
          words: %w[ { not a brace ],
          pattern: /\\{+[{]/i,
          char: ?{,
        =begin
          actions: { in_block_comment: {} }
        =end
          actions: {
            real_one: { title: 'Real', input_fields: lambda { [{ name: 'x' }] } },
            'quoted_key' => { title: "#{ { a: '}' }[:a] }" },
            "json_style": { execute: lambda do |c, i| { x: "}}}" } end },
            :symbol_key => {},
          },
          triggers: { t1: {} }
        }
        """
        let source = ConnectorSource(code: code)
        #expect(source.title == #"Tricky "one" { actions: { fake: 1 } }"#)
        #expect(source.actions == ["real_one", "quoted_key", "json_style", "symbol_key"])
        #expect(source.triggers == ["t1"])
    }

    @Test func skipsHeredocBodiesWithBraces() {
        let code = """
        {
          title: 'Heredocs',
          help: <<~EOS,
            Unbalanced { here } } }
            actions: { fake: {} }
          EOS
          sql: <<-'SQL'.strip + <<PLAIN,
            SELECT '{' FROM t
            SQL
        } } not the end {
        PLAIN
          actions: {
            after_heredoc: { execute: lambda { |c, i| x = 1 << 2; y = [1] << 3; x } }
          },
          triggers: {}
        }
        """
        let source = ConnectorSource(code: code)
        #expect(source.title == "Heredocs")
        #expect(source.actions == ["after_heredoc"])
        #expect(source.triggers.isEmpty)
    }

    @Test func onlyTopLevelActionsAndDirectKeysCount() {
        let code = """
        {
          object_definitions: {
            actions: { in_object_definitions: {} }
          },
          methods: {
            build: lambda do |x|
              { actions: { nested_in_method: { } }, triggers: { nested_trigger: {} } }
            end
          },
          actions: {
            outer: {
              input_fields: lambda { [{ name: 'a' }] },
              actions: { deeper: {} },
              sample_output: { inner_key: 1 }
            },
            second: {}
          }
        }
        """
        let source = ConnectorSource(code: code)
        #expect(source.actions == ["outer", "second"])
        #expect(source.triggers.isEmpty)
        #expect(source.title == nil)
    }

    @Test func operatorsAreNotMistakenForLiterals() {
        // Division, modulo, ternaries, shifts and `?`-methods must not open a literal that would
        // swallow the following keys; `split /[{]/` and `%{...}` must open one.
        let code = """
        {
          actions: {
            a: { execute: lambda { |c, i| x = i['n'] / 2; y = x % 3; z = x.present? ? x : y; w = [1] << 2; x /2 } },
            b: { execute: lambda { |c, i| i['s'].split /[{]/ } },
            c: { help: %{ {nested} }, re: %r{a{2}/}i, execute: lambda { |c, i| $' ; $" ; @x; @@y } },
            d: { sample: :'quoted {', other: :sym?, scope: Foo::Bar },
          },
          triggers: { 'e' => { dedup: lambda { |r| r['id'] } }, "f": {} }
        }
        """
        let source = ConnectorSource(code: code)
        #expect(source.actions == ["a", "b", "c", "d"])
        #expect(source.triggers == ["e", "f"])
    }

    @Test func interpolationWithBracesAndNestedStrings() {
        let code = #"""
        {
          actions: {
            a: { execute: lambda { |c, i| get("x/#{i.map { |k| "#{k['}']}" }.join('{')}") } },
            b: {}
          }
        }
        """#
        let source = ConnectorSource(code: code)
        #expect(source.actions == ["a", "b"])
    }

    @Test func malformedCodeReturnsWhatWasFound() {
        // Unterminated hash, string, interpolation and heredoc: no crash, no hang.
        #expect(ConnectorSource(code: "{ actions: { a: {}, b: { x: \"unterminated #{ {").actions == ["a", "b"])
        #expect(ConnectorSource(code: "{ actions: { a: {} }, triggers: { t: <<~EOS\n {").triggers == ["t"])
        #expect(ConnectorSource(code: "}}}]])) { actions: { a: 1 ]] , b: 2 } }").actions.contains("a"))
        #expect(ConnectorSource(code: "").actions.isEmpty)
        #expect(ConnectorSource(code: "=begin\n{ actions: { a: 1 } }").actions.isEmpty)
        #expect(ConnectorSource(code: "{ actions: { a: 1 } }\n__END__\n{ triggers: { t: 1 } }").triggers.isEmpty)
        #expect(ConnectorSource(code: "\\").actions.isEmpty)
        #expect(ConnectorSource(code: "%").actions.isEmpty)
        #expect(ConnectorSource(code: "{ a: '\\").actions.isEmpty)
    }

    @Test func deepNestingIsLinearAndDoesNotOverflow() {
        let depth = 200_000
        let braces = String(repeating: "{", count: depth) + String(repeating: "}", count: depth)
        #expect(ConnectorSource(code: "{ actions: { a: \(braces), b: 1 } }").actions == ["a", "b"])
        let interpolations = String(repeating: "\"#{", count: depth)
        #expect(ConnectorSource(code: "{ actions: { a: " + interpolations).actions == ["a"])
    }

    @Test func diffSummaryBetweenFixtureAndModifiedCopy() throws {
        let old = try fixtureConnectorCode()
        #expect(CodeDiffSummary(old: old, new: old).identical)

        // Remove the get_invoice action (5 lines) and add an order_cancelled trigger (5 lines).
        var lines = old.components(separatedBy: "\n")
        let invoiceStart = try #require(lines.firstIndex(where: { $0.contains("get_invoice: {") }))
        lines.removeSubrange(invoiceStart..<(invoiceStart + 5))
        let triggersLine = try #require(lines.firstIndex(where: { $0.contains("triggers: {") }))
        lines.insert(contentsOf: [
            "    order_cancelled: {",
            "      title: 'Order cancelled',",
            "      webhook_notification: lambda { |_input, payload| payload },",
            "      dedup: lambda { |order| \"#{order['id']}-cancelled\" }",
            "    },",
        ], at: triggersLine + 1)
        let new = lines.joined(separator: "\n")

        let summary = CodeDiffSummary(old: old, new: new)
        #expect(!summary.identical)
        #expect(summary.exact)
        #expect(summary.linesRemoved == 5)
        #expect(summary.linesAdded == 5)
        #expect(summary.actionsRemoved == ["get_invoice"])
        #expect(summary.actionsAdded.isEmpty)
        #expect(summary.triggersAdded == ["order_cancelled"])
        #expect(summary.triggersRemoved.isEmpty)

        let decoded = try JSONDecoder().decode(CodeDiffSummary.self, from: JSONEncoder().encode(summary))
        #expect(decoded == summary)
    }

    @Test func lineDiffIsAProperLCS() {
        // A moved line is one removal plus one addition; a plain multiset count would say zero.
        let counts = CodeDiffSummary.lineCounts(old: "a\nb\nc\nd\n", new: "b\nc\nd\na\n")
        #expect(counts.added == 1 && counts.removed == 1 && counts.exact)
        let changed = CodeDiffSummary.lineCounts(old: "a\nb\nc\n", new: "a\nx\nc\ny\n")
        #expect(changed.added == 2 && changed.removed == 1)
        // A missing final newline changes the last line, as in git.
        let eol = CodeDiffSummary.lineCounts(old: "a\nb", new: "a\nb\n")
        #expect(eol.added == 1 && eol.removed == 1)
        #expect(CodeDiffSummary.lineCounts(old: "", new: "a\nb\n") == (2, 0, true))
    }

    @Test func lineDiffMatchesAQuadraticLCSOnRandomInputs() {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<300 {
            let a = (0..<Int(rng.next() % 12)).map { _ in "l\(rng.next() % 4)\n" }
            let b = (0..<Int(rng.next() % 12)).map { _ in "l\(rng.next() % 4)\n" }
            var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0..<a.count { for j in 0..<b.count {
                lcs[i + 1][j + 1] = a[i] == b[j] ? lcs[i][j] + 1 : max(lcs[i][j + 1], lcs[i + 1][j])
            } }
            let common = lcs[a.count][b.count]
            let counts = CodeDiffSummary.lineCounts(old: a.joined(), new: b.joined())
            #expect(counts.added == b.count - common && counts.removed == a.count - common, "\(a) -> \(b)")
        }
    }

    @Test func hugeDissimilarInputsFallBackQuickly() {
        let old = (0..<150_000).map { "old \($0)\n" }.joined()
        let new = (0..<150_000).map { "new \($0)\n" }.joined()
        let summary = CodeDiffSummary(old: old, new: new)
        #expect(!summary.exact)
        #expect(summary.linesAdded == 150_000 && summary.linesRemoved == 150_000)
    }
}

