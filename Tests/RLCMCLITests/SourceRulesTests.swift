import Foundation
import RLCMTestSupport
import Testing

/// The rules the code keeps that the compiler does not check: functions short enough to read in
/// one sitting (pipelines are named phases), the platform in one file, and libraries that are
/// given their environment rather than reading the process's.
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

    @Test("no library writes to standard output or error: rendering and printing are the executable's")
    func librariesOwnNoTerminal() throws {
        let libraries = ["RLCMFormat", "RLCMKit", "RLCMAPI", "RLCMClient", "RLCMServer"].map { "\(Self.sources)/\($0)/" }
        let streams = StandardStreams()
        var writes: [String] = []
        for file in Self.swiftFiles() where libraries.contains(where: file.hasPrefix) {
            for (index, line) in try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n").enumerated() where streams.used(by: line) {
                writes.append("\(file.dropFirst(Self.sources.count + 1)):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(writes.isEmpty, "return a report or take a sink, and render or print it in Sources/rlcm:\n\(writes.joined(separator: "\n"))")
    }

    @Test("the stream check sees a write, so the rule above can fail")
    func streamCheckSeesWrites() {
        let streams = StandardStreams()
        #expect(streams.used(by: "        FileHandle.standardError.write(Data(text.utf8))"))
        #expect(streams.used(by: "print(report.text)"))
        #expect(streams.used(by: "guard isatty(STDERR_FILENO) == 1 else { return }"))
        #expect(!streams.used(by: "state.fingerprint(path)  // not print(x) on stderr"))
        #expect(!streams.used(by: "let note = \"print(stdout)\""))
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

    @Test("RLCMFormat and RLCMKit read no environment variable: the executable hands them a RunEnvironment")
    func librariesReadNoEnvironment() throws {
        let readers = try Self.swiftFiles().filter { $0.contains("/Sources/RLCMFormat/") || $0.contains("/Sources/RLCMKit/") }.filter { file in
            let text = try String(contentsOfFile: file, encoding: .utf8)
            return text.contains("processInfo.environment") || text.contains("getenv(") || text.contains("temporaryDirectory")
        }
        #expect(readers.isEmpty, "these read the process's environment: \(readers)")
    }
}

/// Finds, in a line of Swift outside its strings and comments, a use of the process's standard
/// output or error.
struct StandardStreams {
    let pattern = try! Regex(#"FileHandle\.standard(Output|Error)|\bprint\(|\bf?puts\(|\bisatty\(|\bSTD(OUT|ERR)_FILENO\b|\bstd(out|err)\b"#)

    func used(by line: String) -> Bool { FunctionLengths.code(line).contains(pattern) }
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
