package emulator_test

import (
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/loadgen"
)

// BenchmarkOperations is BenchmarkPipeline for the loop of every operation of every provider (the
// load pairs and the descriptors' bench pairs), to see where each operation's time and
// allocations go:
//
//	go test ./emulator -run '^$' -bench Operations -benchmem -cpuprofile cpu.out
func BenchmarkOperations(b *testing.B) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, ep := range loadgen.Operations(emulator.Registry()) {
		b.Run(ep.Name(), func(b *testing.B) { drive(b, emu.Handler(), ep, true) })
	}
}
