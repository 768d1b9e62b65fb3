import Foundation
import RLCMTestSupport
import Testing

/// The rules the code keeps that the compiler does not check: functions short enough to read in
/// one sitting (pipelines are named phases), and the platform in one file.
@Suite("Source rules")
struct SourceRulesTests {
    static let sources = SchemaValidator.repoRoot.appendingPathComponent("Sources").path

    static func swiftFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: sources)
        var files: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".swift") { files.append(sources + "/" + relative) }
        }
        return files.sorted()
    }

    @Test("no function in Sources/ is longer than 80 lines")
    func functionsAreShort() throws {
        let files = Self.swiftFiles()
        #expect(files.count > 100, "found \(files.count) source files")
        var long: [String] = []
        for file in files {
            for function in FunctionLengths.measure(try String(contentsOfFile: file, encoding: .utf8)) where function.lines > 80 {
                long.append("\(file.dropFirst(Self.sources.count + 1)):\(function.line) \(function.lines) lines: \(function.signature)")
            }
        }
        #expect(long.isEmpty, "split these into named phases:\n\(long.joined(separator: "\n"))")
    }

    @Test("the measure finds a long function, so the rule above can fail")
    func measureSeesLongFunctions() {
        let body = (0..<81).map { "    let x\($0) = \"{\" // }" }.joined(separator: "\n")
        let lengths = FunctionLengths.measure("func long() {\n\(body)\n}\nfunc short() { }\n")
        #expect(lengths.map(\.lines) == [83, 1])
    }

    @Test("only Platform.swift imports the C library; RLCMFormat imports neither RLCMKit nor anything above it")
    func layersAndPlatform() throws {
        for file in Self.swiftFiles() {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let imports = text.split(separator: "\n").filter { $0.hasPrefix("import ") }.map { String($0.dropFirst(7)) }
            if !file.hasSuffix("/Platform.swift") {
                #expect(!imports.contains("Glibc") && !imports.contains("CPlatform"), "\(file) imports the C library directly")
            }
            if file.contains("/Sources/RLCMFormat/") {
                #expect(imports.allSatisfy { ["Foundation", "CArchive", "CPlatform", "Crypto", "Glibc", "Dispatch", "Synchronization"].contains($0) },
                        "\(file) imports \(imports)")
            }
        }
    }
}

/// Measures the functions of Swift source by counting braces outside strings and comments: a
/// function runs from its `func`/`init` line to the brace that closes its body.
enum FunctionLengths {
    struct Function: Equatable {
        var line: Int
        var lines: Int
        var signature: String
    }

    static func measure(_ source: String) -> [Function] {
        let start = try! Regex(#"^\s*(@\w+(\([^)]*\))?\s+)*((public|private|fileprivate|internal|static|final|override|mutating|nonisolated|class)\s+)*(func\s|init[?!]?[\s(<]|deinit\b)"#)
        let lines = source.components(separatedBy: "\n").map(code)
        var found: [Function] = []
        for (index, line) in lines.enumerated() where line.contains(start) {
            var depth = 0, opened = false, end = index
            scan: while end < lines.count {
                for character in lines[end] {
                    if character == "{" { depth += 1; opened = true } else if character == "}" { depth -= 1 }
                    if opened && depth == 0 { break scan }
                }
                if !opened && end > index + 6 { break }
                end += 1
            }
            if opened { found.append(Function(line: index + 1, lines: end - index + 1, signature: line.trimmingCharacters(in: .whitespaces))) }
        }
        return found
    }

    /// A line without its string literals and comment (multi-line strings are left to braces
    /// balancing, which they do in this code base).
    static func code(_ line: String) -> String {
        var out = "", inString = false, escaped = false
        var previous: Character = " "
        for character in line {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                continue
            }
            if character == "/" && previous == "/" { out.removeLast(); break }
            if character == "\"" { inString = true } else { out.append(character) }
            previous = character
        }
        return out
    }
}
