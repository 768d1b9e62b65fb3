import RLCMCommandLine

// `rlcm-remote`: every rlcm command, with the server and the HTTP client linked. `rlcm` runs it in
// its own place for `rlcm serve`, `rlcm token`, `rlcm remote` and every `--remote NAME`.
RLCM.main(remoteStack: LinkedRemoteStack(), tasksOnMainThread: false)
