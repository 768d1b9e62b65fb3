/// The version of the JSON documents rlcm prints with `--json`; bumped when a field changes meaning.
public let outputFormatVersion = 1
