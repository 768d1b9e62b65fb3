import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMKit

/// The dependency report's lists, sorted through a real temporary file once they outgrow memory,
/// against the same elements sorted in memory.
@Suite("Spilled lists") struct SpilledListTests {
    typealias Dependent = ImportPlan.Dependent
    typealias Fingerprint = ImportPlan.Fingerprint

    /// Paths whose byte order and folder order differ (' ' and '-' sort before '/'), non-ASCII
    /// names, and repeats.
    static func fingerprints(_ count: Int) -> [Fingerprint] {
        var generator = SystemRandomNumberGenerator()
        let folders = ["Project 01/a", "Project 01/a b", "Project 01/a-b", "Projekt Ü/ä", "P"]
        return (0..<count).map { number in
            let path = "\(folders[number % folders.count])/r\(Int.random(in: 0..<(count / 2 + 1), using: &generator)).recipe.json"
            return number % 3 == 0 ? Fingerprint(path: path, sha256: "sha-\(path.count)") : Fingerprint(path: path, sha256: nil, stamp: "\(path.count):1:2:3")
        }
    }

    static func dependents(_ count: Int) -> [Dependent] {
        (0..<count).map { number in
            Dependent(connector: ["Acme ERP", "Zeta", "Äther"][number % 3], path: "Project \(number % 7)/r\(number).recipe.json",
                      running: number % 5 == 0, imported: number % 4 == 0,
                      missingActions: number % 11 == 0 ? ["gone_\(number)", "also"] : [], missingTriggers: number % 13 == 0 ? ["t"] : [])
        }
    }

    static func sorted<Element: Spillable & Equatable>(_ elements: [Element], unique: Bool) -> [Element] {
        var result: [Element] = []
        for element in elements.sorted(by: Element.inOrder) where !unique || result.last != element { result.append(element) }
        return result
    }

    static func spilled<Element: Spillable>(_ elements: [Element], unique: Bool, memoryLimit: Int) throws -> SpilledList<Element> {
        var sorter = SpillingSorter<Element>(spillingIn: NSTemporaryDirectory(), unique: unique, memoryLimit: memoryLimit)
        try sorter.append(contentsOf: elements)
        return try sorter.list()
    }

    @Test("fingerprints through many runs come back sorted, each once, however often they are read", arguments: [1, 7, 64, 5_000])
    func fingerprintsSpill(memoryLimit: Int) throws {
        let input = Self.fingerprints(2_000)
        let expected = Self.sorted(input, unique: true)
        let list = try Self.spilled(input, unique: true, memoryLimit: memoryLimit)
        #expect(expected.count < input.count)
        #expect(list.count == expected.count)
        #expect(Array(list) == expected)
        #expect(Array(list) == expected)
    }

    @Test("dependents keep every field and their order (connector, then path)", arguments: [3, 100, 10_000])
    func dependentsSpill(memoryLimit: Int) throws {
        let input = Self.dependents(1_500).shuffled()
        let list = try Self.spilled(input, unique: false, memoryLimit: memoryLimit)
        #expect(Array(list) == Self.sorted(input, unique: false))
        #expect(list.count == input.count)
        #expect(list.contains { !$0.missingActions.isEmpty && $0.connector == "Äther" })
    }

    @Test("a spilled list's JSON is the array's, and reads back as the same list")
    func json() throws {
        let input = Self.dependents(300)
        let list = try Self.spilled(input, unique: false, memoryLimit: 16)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let bytes = try encoder.encode(list)
        #expect(bytes == (try encoder.encode(Self.sorted(input, unique: false))))
        #expect(Array(try JSONDecoder().decode(SpilledList<Dependent>.self, from: bytes)) == Array(list))
    }

    @Test("an empty list, spilled or not")
    func empty() throws {
        #expect(try Self.spilled([Dependent](), unique: false, memoryLimit: 1).isEmpty)
        var sorter = SpillingSorter<Fingerprint>(spillingIn: NSTemporaryDirectory(), unique: true, memoryLimit: 1)
        try sorter.append(Fingerprint(path: "a", sha256: nil))
        try sorter.append(Fingerprint(path: "a", sha256: nil))
        #expect(Array(try sorter.list()) == [Fingerprint(path: "a", sha256: nil)])
    }
}
