package emulator

import "runtime/debug"

// Version is the version accessemu was built as: set at build time with
// -ldflags "-X github.com/accessemu/accessemu/emulator.Version=v1.2.3", else the module version the
// Go toolchain recorded (go install .../cmd/accessemu@v1.2.3, or a program that requires a
// released accessemu), else "devel".
var Version = "devel"

const modulePath = "github.com/accessemu/accessemu"

func init() {
	if Version != "devel" {
		return
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	mods := append([]*debug.Module{&info.Main}, info.Deps...)
	for _, m := range mods {
		if m.Path == modulePath && m.Version != "" && m.Version != "(devel)" {
			Version = m.Version
			return
		}
	}
}
