import Foundation
import RLCMFormat

extension ImportPlan {
    /// A JSON path where an asset the import updates changes, with its value before and after:
    /// what a reviewer needs to see without opening both files. A recipe's paths also name the
    /// step they are in.
    public struct Change: Codable, Sendable, Equatable {
        /// The recipe step a path is in: the trigger (`$.code`) or a step of a block.
        public struct Step: Codable, Sendable, Equatable {
            public var number: Int?
            public var keyword: String?
            public var provider: String?
            public var name: String?
        }

        /// Two strings that differ only in one provider key put for another: how a connector's
        /// new key shows in each place it is named.
        public struct KeySwap: Codable, Sendable, Equatable, Hashable {
            public var from: String
            public var to: String
        }

        public var path: String
        /// The step the path is in, for a recipe; `within` is the path inside it ("" for the step
        /// itself, added or removed).
        public var step: Step?
        public var within: String?
        /// The value before and after, as compact JSON, shortened past `shownLength` characters;
        /// nil when the path was added (`old`) or removed (`new`).
        public var old: String?
        public var new: String?
        public var providerKey: KeySwap?

        enum CodingKeys: String, CodingKey { case path, step, within, old, new, providerKey = "provider_key" }

        /// Values longer than this are cut, with `…`: a plan is read, and saved, not a copy of the files.
        static let shownLength = 80
    }
}

/// What changes inside an asset the import updates: its changed JSON paths, and the unified diff
/// of the two files when `--diff` asks for it.
enum AssetChanges {
    /// The changed paths from `old` to `new`, nil when `old` does not parse. `new` is a package
    /// entry, which the package index read as valid JSON: documents that differ in one value, as
    /// a re-import's usual update, are compared by their bytes, and `new` is then not read past
    /// that value; others are parsed as trees.
    static func paths(from old: [UInt8], to new: [UInt8], recipe: Bool) -> [ImportPlan.Change]? {
        update(from: old, to: new, recipe: recipe).changes
    }

    /// The changed paths from `old` to `new` (as `paths`), and whether the two hold different
    /// documents when finding them told it: documents alike but in one value differ exactly when
    /// that value does (nil: the trees were compared, whose differences do not tell it, as steps
    /// are matched by their `uuid` whatever their order).
    static func update(from old: [UInt8], to new: [UInt8], recipe: Bool) -> (changes: [ImportPlan.Change]?, differs: Bool?) {
        if let edit = JSONDifference.inOneValue(from: old, to: new, capturing: recipe ? stepKeys : []) {
            return (edit.difference.map { [change($0, containers: edit.containers, recipe: recipe)] } ?? [], edit.difference != nil)
        }
        return (pathsOfTrees(from: old, to: new, recipe: recipe), nil)
    }

    /// The changed paths found by parsing both documents, whatever their bytes.
    static func pathsOfTrees(from old: [UInt8], to new: [UInt8], recipe: Bool) -> [ImportPlan.Change]? {
        guard let before = try? JSONParser.parse(old, file: ""), let after = try? JSONParser.parse(new, file: "") else { return nil }
        return JSONDifference.between(before, after).map { difference in
            let containers = recipe ? self.containers(along: difference.steps, in: difference.new == nil ? before : after) : []
            return change(difference, containers: containers, recipe: recipe)
        }
    }

    /// A difference as the plan shows it, `containers` being those its steps reach.
    private static func change(_ difference: JSONDifference, containers: [[String: JSONValue]?], recipe: Bool) -> ImportPlan.Change {
        var change = ImportPlan.Change(path: difference.path, old: difference.old.map(shown), new: difference.new.map(shown))
        if recipe, let (step, depth) = step(of: difference.steps, containers: containers) {
            change.step = step
            let within = difference.steps.dropFirst(depth).reduce("") { path, part in
                switch part {
                case .key(let key): JSONPath.appending(key: key, to: path)
                case .index(let index): JSONPath.appending(index: index, to: path)
                }
            }
            change.within = within.hasPrefix(".") ? String(within.dropFirst()) : within
        }
        if case .string(let a)? = difference.old, case .string(let b)? = difference.new { change.providerKey = keySwap(a, b) }
        return change
    }

    /// `diff -u` of the two files, labelled `a/PATH` and `b/PATH` as git labels them.
    static func unified(from old: [UInt8], to new: [UInt8], path: String) -> String? {
        LineDiff.unified(old: String(decoding: old, as: UTF8.self), new: String(decoding: new, as: UTF8.self), oldLabel: "a/\(path)", newLabel: "b/\(path)")
    }

    /// A value as compact JSON, cut to `shownLength` characters.
    static func shown(_ value: JSONValue) -> String {
        let text = String(decoding: JSONWriter.compact(value), as: UTF8.self)
        return text.count <= ImportPlan.Change.shownLength ? text : text.prefix(ImportPlan.Change.shownLength - 1) + "…"
    }

    /// The members of a step object that tell which step it is.
    static let stepKeys: Set<String> = ["keyword", "number", "provider", "name"]

    /// The deepest recipe step on the way to a value (an object with a `keyword` under `$.code`:
    /// the trigger, or a step of a `block`), and how many path steps lead to it; `containers` are
    /// what the path's steps reach, as `containers(along:in:)` gives them.
    static func step(of path: [JSONDifference.Step], containers: [[String: JSONValue]?]) -> (ImportPlan.Change.Step, Int)? {
        guard path.first == .key("code") else { return nil }
        var found: (ImportPlan.Change.Step, Int)?
        for (depth, members) in containers.enumerated() {
            guard let members, case .string(let keyword)? = members["keyword"] else { continue }
            func text(_ key: String) -> String? { if case .string(let text)? = members[key] { text } else { nil } }
            let number: Int? = if case .number(let literal)? = members["number"] { Int(literal) } else { nil }
            found = (.init(number: number, keyword: keyword, provider: text("provider"), name: text("name")), depth + 1)
        }
        return found
    }

    /// What each of `path`'s steps reaches in `document`, as far as it leads: an object's
    /// `stepKeys` members, nil for anything else.
    static func containers(along path: [JSONDifference.Step], in document: JSONValue) -> [[String: JSONValue]?] {
        guard path.first == .key("code") else { return [] }
        var value = document, reached: [[String: JSONValue]?] = []
        for part in path {
            switch (part, value) {
            case (.key(let key), .object(let object)): guard let next = object[key] else { return reached }; value = next
            case (.index(let index), .array(let array)): guard index < array.count else { return reached }; value = array[index]
            default: return reached
            }
            guard case .object(let object) = value else { reached.append(nil); continue }
            reached.append(Dictionary(uniqueKeysWithValues: stepKeys.compactMap { key in object[key].map { (key, $0) } }))
        }
        return reached
    }

    /// The provider key swapped for another when that is all that differs between two strings.
    static func keySwap(_ old: String, _ new: String) -> ImportPlan.Change.KeySwap? {
        func keys(_ text: String) -> Set<String> {
            Set(text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init).filter(ProviderKey.matches))
        }
        let before = keys(old), after = keys(new)
        let gone = before.subtracting(after), came = after.subtracting(before)
        guard gone.count == 1, came.count == 1, let from = gone.first, let to = came.first,
              old.replacingOccurrences(of: from, with: to) == new else { return nil }
        return .init(from: from, to: to)
    }
}
