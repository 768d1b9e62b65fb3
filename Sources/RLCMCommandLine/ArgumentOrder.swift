import ArgumentParser

/// git's and make's order: `rlcm -C DIR history` means `rlcm history -C DIR`.
///
/// ArgumentParser only reads a command's options after the command's name, so the workspace
/// options a user puts before it are moved to just after the (sub)command path. They are found by
/// the names `WorkspaceOptions` declares them with, not by parsing: a parse makes the Swift runtime
/// scan every conformance record of the executable for each type it reflects, which was a sixth of
/// every command's start-up (bench/README.md, "Start-up"). A command that takes no workspace still
/// refuses them with ArgumentParser's usual error.
enum ArgumentOrder {
    /// `arguments` (without the program name) with the `leading` options that stand before or
    /// between the command names moved after them; unchanged when there are none to move.
    static func commandFirst(_ arguments: [String], root: ParsableCommand.Type = RLCM.self,
                             leading: [ValuedOption] = WorkspaceOptions.options) -> [String] {
        var command = root
        var path: [String] = []
        var moved: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            if let subcommand = subcommand(named: arguments[index], of: command) {
                command = subcommand
                path.append(arguments[index])
                index += 1
            } else if let width = optionWidth(at: index, in: arguments, of: leading) {
                moved += arguments[index..<(index + width)]
                index += width
            } else {
                break
            }
        }
        guard !moved.isEmpty, !path.isEmpty else { return arguments }
        return path + moved + arguments[index...]
    }

    /// Every command of rlcm names itself in its configuration, so the public `commandName` is
    /// the name ArgumentParser matches.
    private static func subcommand(named name: String, of command: ParsableCommand.Type) -> ParsableCommand.Type? {
        command.configuration.subcommands.first { $0.configuration.commandName == name || $0.configuration.aliases.contains(name) }
    }

    /// How many arguments at `index` are one of `options` with its value; nil when none is.
    static func optionWidth(at index: Int, in arguments: [String], of options: [ValuedOption]) -> Int? {
        options.lazy.compactMap { $0.width(at: index, in: arguments) }.first
    }
}

/// An option that takes a value, by its names: declared once for ArgumentParser and for
/// `ArgumentOrder`.
struct ValuedOption: Sendable {
    var short: Character?
    var long: String

    init(short: Character? = nil, long: String) {
        self.short = short
        self.long = long
    }

    /// The names as an `@Option` declares them.
    var names: NameSpecification {
        short.map { [.customShort($0), .customLong(long)] } ?? [.customLong(long)]
    }

    /// 2 for `-C DIR` and `--workspace DIR`, 1 for `--workspace=DIR`, nil when the arguments at
    /// `index` are not this option with a value.
    func width(at index: Int, in arguments: [String]) -> Int? {
        let argument = arguments[index]
        if argument.hasPrefix("--\(long)=") { return 1 }
        let named = argument == "--\(long)" || short.map { argument == "-\($0)" } == true
        return named && index + 1 < arguments.endIndex ? 2 : nil
    }
}
