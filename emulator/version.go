package emulator

// Version is the version accessemu was built as, set at build time with
// -ldflags "-X github.com/accessemu/accessemu/emulator.Version=v1.2.3"; "devel" otherwise.
var Version = "devel"
