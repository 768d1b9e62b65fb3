/// The version of the JSON documents rlcm prints with `--json`; bumped when a field changes meaning.
public let outputFormatVersion = 1

/// rlcm's own version, printed by `rlcm --version`.
public let rlcmVersion = "0.1.0"
