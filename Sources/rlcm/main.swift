import RLCMCommandLine

// `rlcm`: every command, without the server and the HTTP client, so that the commands on folders
// and packages start without loading them; those that need one run `rlcm-remote` in its place.
RLCM.main(remoteStack: RemoteExecutable(), tasksOnMainThread: true)
