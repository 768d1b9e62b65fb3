import ArgumentParser

/// git's and make's order: `rlcm -C DIR history` means `rlcm history -C DIR`.
///
/// ArgumentParser only reads a command's options after the command's name, so the workspace
/// options a user puts before it are moved to just after the (sub)command path. Which arguments
/// are workspace options is asked of `WorkspaceOptions` itself, so its names are declared once;
/// a command that takes no workspace still refuses them with ArgumentParser's usual error.
enum ArgumentOrder {
    /// `arguments` (without the program name) with the `leading` options that stand before or
    /// between the command names moved after them; unchanged when there are none to move.
    static func commandFirst(_ arguments: [String], root: ParsableCommand.Type = RLCM.self,
                             leading: ParsableArguments.Type = WorkspaceOptions.self) -> [String] {
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

    /// 1 for `--workspace=DIR`, 2 for `-C DIR`; nil when the argument is not one of `options`.
    static func optionWidth(at index: Int, in arguments: [String], of options: ParsableArguments.Type) -> Int? {
        guard arguments[index].hasPrefix("-") else { return nil }
        if (try? options.parse([arguments[index]])) != nil { return 1 }
        if index + 1 < arguments.endIndex, (try? options.parse(Array(arguments[index...(index + 1)]))) != nil { return 2 }
        return nil
    }
}
