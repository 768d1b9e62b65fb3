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
    /// The changed paths from `old` to `new` (both JSON documents), nil when either does not parse.
    static func paths(from old: [UInt8], to new: [UInt8], recipe: Bool) -> [ImportPlan.Change]? {
        guard let before = try? JSONParser.parse(old, file: ""), let after = try? JSONParser.parse(new, file: "") else { return nil }
        return JSONDifference.between(before, after).map { difference in
            var change = ImportPlan.Change(path: difference.path, old: difference.old.map(shown), new: difference.new.map(shown))
            if recipe, let (step, depth) = step(of: difference.steps, in: difference.new == nil ? before : after) {
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

    /// The deepest recipe step on the way to a value (an object with a `keyword` under `$.code`:
    /// the trigger, or a step of a `block`), and how many path steps lead to it.
    static func step(of path: [JSONDifference.Step], in document: JSONValue) -> (ImportPlan.Change.Step, Int)? {
        guard path.first == .key("code") else { return nil }
        var value = document, found: (ImportPlan.Change.Step, Int)?
        for (depth, part) in path.enumerated() {
            switch (part, value) {
            case (.key(let key), .object(let object)): guard let next = object[key] else { return found }; value = next
            case (.index(let index), .array(let array)): guard index < array.count else { return found }; value = array[index]
            default: return found
            }
            if case .object(let object) = value, case .string(let keyword)? = object["keyword"] {
                func text(_ key: String) -> String? { if case .string(let text)? = object[key] { text } else { nil } }
                let number: Int? = if case .number(let literal)? = object["number"] { Int(literal) } else { nil }
                found = (.init(number: number, keyword: keyword, provider: text("provider"), name: text("name")), depth + 1)
            }
        }
        return found
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
