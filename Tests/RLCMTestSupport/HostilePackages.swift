import Foundation

/// Every class of hostile package, each with the words its refusal must contain: forged zips
/// (`HostileZips.swift` builds them byte by byte) and hostile JSON inside an otherwise valid copy
/// of the order-sync fixture. The CLI's and the server's tests run each through an import.
package enum HostilePackages {
    package struct Case: CustomStringConvertible, Sendable {
        package var name: String
        package var bytes: @Sendable () -> [UInt8]
        /// Every one of these must appear in the refusal (the problem, and the entry where there is one).
        package var expect: [String]
        package var description: String { name }
    }

    // MARK: - The package the JSON cases start from

    static func fixtureText(_ name: String) -> String {
        String(decoding: OrderSync.files.first { $0.0 == name }!.1, as: UTF8.self)
    }

    static let recipe = "orders/notify_ops_channel.recipe.json"
    static let adapter = "acme_erp.custom_adapter.json"

    static func jsonCase(_ name: String, file: String = recipe, _ expect: [String], _ content: @escaping @Sendable () -> [UInt8]) -> Case {
        Case(name: name, bytes: { OrderSync.storedZip([file: content()]) }, expect: [file] + expect)
    }

    static func editedRecipe(_ change: @escaping @Sendable (String) -> String) -> @Sendable () -> [UInt8] {
        { Array(change(fixtureText(recipe)).utf8) }
    }

    // MARK: - The cases

    static func one(_ entry: HostileEntry, _ expect: [String]) -> Case {
        Case(name: String(decoding: entry.name, as: UTF8.self), bytes: { HostileZip([entry]).bytes() }, expect: expect)
    }

    static func typed(_ mode: UInt32) -> HostileEntry {
        var e = HostileEntry("orders/special.json", Array("/etc/passwd".utf8))
        e.externalAttributes = mode << 16
        return e
    }

    package static let zipCases: [Case] = {
        var cases: [Case] = []
        func add(_ name: String, _ expect: [String], _ make: @escaping @Sendable () -> HostileZip) {
            cases.append(Case(name: name, bytes: { make().bytes() }, expect: expect))
        }
        let ok = HostileEntry("orders/ok.recipe.json")
        // Names.
        add("absolute name", ["/etc/evil.json", "starts with '/'"]) { HostileZip([HostileEntry("/etc/evil.json")]) }
        add("parent component", ["../evil.json", "'..'"]) { HostileZip([HostileEntry("../evil.json")]) }
        add("backslash", ["backslash"]) { HostileZip([HostileEntry("orders\\evil.json")]) }
        add("drive letter", ["C:/evil.json", "drive letter"]) { HostileZip([HostileEntry("C:/evil.json")]) }
        add("UNC prefix", ["network path"]) { HostileZip([HostileEntry("//server/share/evil.json")]) }
        add("NUL in name", ["control character"]) { HostileZip([HostileEntry(rawName: Array("a".utf8) + [0] + Array("b.json".utf8))]) }
        add("control character in name", ["control character", "a\\x1B[31mb.json"]) { HostileZip([HostileEntry("a\u{1B}[31mb.json")]) }
        add("invalid UTF-8 name", ["not valid UTF-8"]) { HostileZip([HostileEntry(rawName: [0x61, 0xFF, 0xFE, 0x2E, 0x6A])]) }
        add("name too long", ["bytes long", "1024"]) { HostileZip([HostileEntry(Array(repeating: String(repeating: "a", count: 100), count: 11).joined(separator: "/") + ".json")]) }
        add("component too long", ["bbbbbbbbbb", "255"]) { HostileZip([HostileEntry(String(repeating: "b", count: 300) + ".json")]) }
        add("NFC collision", ["cafe\u{301}.json", "Unicode normalisation"]) { HostileZip([HostileEntry("caf\u{E9}.json"), HostileEntry("cafe\u{301}.json")]) }
        // Names that differ only in letter case are distinct files on this (case-keeping) file
        // system and import as such; ZipHostileTests refuses them for a case-folding target.
        add("duplicate name", ["orders/ok.recipe.json", "more than once"]) { HostileZip([ok, ok]) }
        add("file and folder with one name", ["orders/ok.recipe.json", "both as a file and as a folder"]) { HostileZip([HostileEntry("orders", Array("x".utf8)), ok]) }
        // Entry types.
        add("symlink", ["orders/special.json", "symbolic link"]) { HostileZip([typed(0o120777)]) }
        add("FIFO", ["orders/special.json", "FIFO"]) { HostileZip([typed(0o010644)]) }
        add("character device", ["orders/special.json", "character device"]) { HostileZip([typed(0o020644)]) }
        add("block device", ["orders/special.json", "block device"]) { HostileZip([typed(0o060644)]) }
        add("hard link", ["orders/twin.recipe.json", "hard link", "orders/ok.recipe.json"]) {
            HostileZip([ok, .hardLink("orders/twin.recipe.json", to: "orders/ok.recipe.json")])
        }
        add("encrypted", ["orders/ok.recipe.json", "encrypted"]) { var e = ok; e.flags |= 1; return HostileZip([e]) }
        add("bzip2 method", ["orders/ok.recipe.json", "12"]) { var e = ok; e.method = 12; return HostileZip([e]) }
        add("AES method (encryption)", ["orders/ok.recipe.json", "encrypted"]) { var e = ok; e.method = 99; return HostileZip([e]) }
        // Bombs and lying sizes.
        add("declared ratio bomb", ["orders/bomb.json", "200 to 1"]) {
            var e = HostileEntry.deflated("orders/bomb.json", Array(repeating: 0, count: 1000))
            e.size = 50 << 20
            return HostileZip([e])
        }
        add("total too large", ["orders/part8.json", "536870912"]) {
            let (stream, size) = Deflate.zeros(repeats: 960)
            return HostileZip((0..<9).map { index in
                var e = HostileEntry("orders/part\(index).json", [])
                e.method = 8; e.stored = stream; e.size = size; e.crc = 0
                return e
            })
        }
        add("data longer than declared", ["orders/long.json", "wrong size"]) {
            var e = HostileEntry.deflated("orders/long.json", Array(repeating: 0x41, count: 5000))
            e.size = 10
            return HostileZip([e])
        }
        add("overlapping entries", ["orders/twin.recipe.json", "overlaps"]) {
            var twin = HostileEntry("orders/twin.recipe.json")
            twin.omitLocal = true
            twin.centralOffset = 0
            return HostileZip([ok, twin])
        }
        add("entry count in the end record lies", ["damaged"]) { var z = HostileZip([ok]); z.eocdEntryCount = 7; return z }
        // Broken archives.
        add("central directory outside the file", ["outside the file"]) { var z = HostileZip([ok]); z.eocdCentralOffset = 1 << 30; return z }
        add("local name differs from central", ["orders/ok.recipe.json", "disagree about the name"]) { var e = ok; e.localName = Array("orders/ko.recipe.json".utf8); return HostileZip([e]) }
        add("local CRC differs from central", ["orders/ok.recipe.json", "disagree about the CRC"]) { var e = ok; e.localCRC = 0xDEADBEEF; return HostileZip([e]) }
        add("local method differs from central", ["orders/ok.recipe.json", "disagree about the compression method"]) { var e = ok; e.localMethod = 8; return HostileZip([e]) }
        add("bad CRC", ["orders/ok.recipe.json", "CRC-32"]) { var e = ok; e.crc = 0xDEADBEEF; e.localCRC = 0xDEADBEEF; return HostileZip([e]) }
        add("prefixed data", ["before the first entry"]) { var z = HostileZip([ok]); z.prefix = Array(repeating: 0x5A, count: 64); return z }
        add("gap after the first entry", ["orders/b.json", "unaccounted"]) { var z = HostileZip([ok, HostileEntry("orders/b.json")]); z.gapAfterFirstEntry = 100; return z }
        add("trailing data", ["follow the end"]) { var z = HostileZip([ok]); z.trailing = Array("garbage".utf8); return z }
        cases.append(Case(name: "truncated", bytes: { let b = OrderSync.storedZip([:]); return Array(b.prefix(b.count / 2)) }, expect: ["truncated"]))
        cases.append(Case(name: "garbage", bytes: { pseudoRandomBytes(4096, seed: 7) }, expect: ["not a zip"]))
        cases.append(Case(name: "empty file", bytes: { [] }, expect: ["empty"]))
        cases.append(Case(name: "tar named .zip", bytes: {
            let dir = TempDir()
            _ = try? runTool("tar", ["cf", dir.file("x.tar"), "-C", OrderSync.folder, "."])
            return readAll(dir.file("x.tar"))
        }, expect: ["tar archive"]))
        return cases
    }()

    package static let jsonCases: [Case] = [
        jsonCase("duplicate key", ["duplicate key \"name\""], editedRecipe { $0.replacingOccurrences(of: "\"private\": true,", with: "\"private\": true, \"name\": \"again\",") }),
        jsonCase("invalid UTF-8 in a string", ["UTF-8"], {
            let text = fixtureText(recipe)
            let range = text.range(of: "#ops")!
            return Array(text[..<range.lowerBound].utf8) + [0x23, 0xC3, 0x28] + Array(text[range.upperBound...].utf8)
        }),
        jsonCase("lone surrogate", ["surrogate"], editedRecipe { $0.replacingOccurrences(of: "\"#ops\"", with: "\"\\ud800\"") }),
        jsonCase("100,000-deep array", ["deep"], { Array(repeating: UInt8(ascii: "["), count: 100_000) + Array(repeating: UInt8(ascii: "]"), count: 100_000) }),
        jsonCase("NaN", ["NaN"], editedRecipe { $0.replacingOccurrences(of: "\"version\": 2", with: "\"version\": NaN") }),
        jsonCase("Infinity", ["Infinity"], editedRecipe { $0.replacingOccurrences(of: "\"version\": 2", with: "\"version\": -Infinity") }),
        jsonCase("number beyond limits", ["number", "1e999999"], editedRecipe { $0.replacingOccurrences(of: "\"version\": 2", with: "\"version\": 1e999999") }),
        jsonCase("trailing data", ["after the end"], editedRecipe { $0 + "\n{}" }),
        jsonCase("zip_name with ..", ["$.config[1].account_id", "../connections/ops_slack.connection.json"], editedRecipe {
            $0.replacingOccurrences(of: "\"zip_name\": \"connections/ops_slack.connection.json\"", with: "\"zip_name\": \"../connections/ops_slack.connection.json\"")
        }),
        jsonCase("absolute zip_name", ["$.config[1].account_id", "/etc/passwd"], editedRecipe {
            $0.replacingOccurrences(of: "\"zip_name\": \"connections/ops_slack.connection.json\"", with: "\"zip_name\": \"/etc/passwd\"")
        }),
        jsonCase("version_no 0", file: adapter, ["$.version_no", "1 or more"], { Array(fixtureText(adapter).replacingOccurrences(of: "\"version_no\": 3", with: "\"version_no\": 0").utf8) }),
        jsonCase("version_no \"3\"", file: adapter, ["$.version_no", "found a string"], { Array(fixtureText(adapter).replacingOccurrences(of: "\"version_no\": 3", with: "\"version_no\": \"3\"").utf8) }),
    ]
}
