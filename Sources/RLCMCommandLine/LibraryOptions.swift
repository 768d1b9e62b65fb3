import ArgumentParser

/// `--library DIR`: the library a sharing command works with, instead of the workspace's own.
struct LibraryOptions: ParsableArguments {
    @Option(name: .customLong("library"), help: ArgumentHelp("The library folder (default: the workspace's, see 'rlcm workspace set library').", valueName: "DIR"))
    var path: String?
}

/// Comma-separated values, as typed on the Share tab ("a@x.com, b@y.com").
func commaSeparated(_ values: [String]) -> [String] {
    values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
}
