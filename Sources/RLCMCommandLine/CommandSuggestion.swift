import ArgumentParser
import RLCMFormat

/// git's "did you mean": a word where a command name belongs that names no command is a usage
/// error naming the nearest commands, rather than ArgumentParser's "unexpected arguments" (the
/// groups take no arguments of their own) or, after `help`, the top-level help with status 0.
enum CommandSuggestion {
    /// What is wrong, when `arguments` (without the program name) name a
    /// command that does not exist. Workspace options may stand before the command names.
    static func unknownCommand(in arguments: [String], root: ParsableCommand.Type = RLCM.self) -> String? {
        var command = root
        var path: [String] = []
        var index = arguments.first == "help" ? 1 : 0
        while index < arguments.endIndex {
            if let width = ArgumentOrder.optionWidth(at: index, in: arguments, of: WorkspaceOptions.options) {
                index += width
                continue
            }
            let (word, subcommands) = (arguments[index], command.configuration.subcommands)
            guard !word.hasPrefix("-"), !subcommands.isEmpty else { return nil }
            guard let next = subcommands.first(where: { names(of: $0).contains(word) }) else {
                return message(word, path: path, among: subcommands.flatMap(names))
            }
            command = next
            path.append(word)
            index += 1
        }
        return nil
    }

    private static func names(of command: ParsableCommand.Type) -> [String] {
        [command.configuration.commandName].compactMap { $0 } + command.configuration.aliases
    }

    private static func message(_ word: String, path: [String], among names: [String]) -> String {
        let group = (["rlcm"] + path).joined(separator: " ")
        let near = EditDistance.nearest(word, among: names)
        let suggestion = near.isEmpty ? "" : "; did you mean \(near.prefix(3).map { "'\(group) \($0)'" }.joined(separator: " or "))?"
        return "'\(word)' is not a command of '\(group)'\(suggestion) (see '\(group) --help')"
    }
}
