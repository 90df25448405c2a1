package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/loadgen"
)

// benchPersist measures what --state-file costs: the binary with and without it, on the default
// world and on the generated world, driven in turns in the same run, and the peak memory of the
// generated world's two binaries.
func benchPersist(ctx context.Context, o options, bin, dir string, rep *report, add func(measure, *bool), progress func(string, ...any)) error {
	size := o.worldSize
	label := fmt.Sprintf("%dk world", size/1000)
	file := filepath.Join(dir, "world.yaml")
	if _, err := os.Stat(file); err != nil {
		world, err := generatedWorld(size, false)
		if err != nil {
			return err
		}
		if err := os.WriteFile(file, world, 0o644); err != nil {
			return err
		}
	}
	tenants := []string{"--max-tenants", strconv.Itoa(maxTenants)}
	type server struct {
		*child
		name, world string
	}
	var servers []server
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	for i, s := range []struct {
		name, world string
		args        []string
	}{
		{"binary", "default", nil},
		{"bin+state", "default", []string{"--state-file", filepath.Join(dir, "default.state")}},
		{"bin+os", "default", []string{"--state-file", filepath.Join(dir, "os.state"), "--state-sync", "os"}},
		{"binary", label, []string{"--fixtures", file}},
		{"bin+state", label, []string{"--fixtures", file, "--state-file", filepath.Join(dir, "big.state")}},
	} {
		progress("persist: starting the binary %d of 5 (%s, %s)", i+1, s.world, s.name)
		c, err := launch(bin, append(s.args, tenants...))
		if err != nil {
			return err
		}
		servers = append(servers, server{c, s.name, s.world})
	}
	for run, ep := range loadgen.Endpoints(emulator.Registry()) {
		progress("persist %s: the five binaries in turns", ep.Name())
		loaders := make([]*loader, len(servers))
		for i, s := range servers {
			loaders[i] = newLoader(s.URL, ep, o.connections, fmt.Sprintf("persist%d", run), true)
		}
		compareAll(ctx, loaders, o.warmup, 2*o.duration)
		res := make([]loadResult, len(servers))
		for i, l := range loaders {
			l.forget()
			res[i] = l.result(servers[i].name, servers[i].world)
		}
		off, on, osSync, bigOff, bigOn := res[0], res[1], res[2], res[3], res[4]
		on.Ratio, osSync.Ratio, bigOff.Ratio, bigOn.Ratio = on.RPS/off.RPS, osSync.RPS/off.RPS, bigOff.RPS/off.RPS, bigOn.RPS/on.RPS
		rep.Throughput = append(rep.Throughput, off, on, osSync, bigOff, bigOn)
		add(measure{Name: "state file on/off, default world " + ep.Name(), Value: on.Ratio, Unit: "x", Target: "≥ 0.5"}, ptr(on.Ratio >= 0.5))
		add(measure{Name: "state file on, synced by the OS/off, default world " + ep.Name(), Value: osSync.Ratio, Unit: "x"}, nil)
		add(measure{Name: "state file on, " + label + "/default world " + ep.Name(), Value: bigOn.Ratio, Unit: "x", Target: "≥ 0.9"}, ptr(bigOn.Ratio >= 0.9))
		if errs := off.Errors + on.Errors + osSync.Errors + bigOff.Errors + bigOn.Errors; errs > 0 {
			add(measure{Name: "errors (state file runs) " + ep.Name(), Value: float64(errs), Unit: "requests", Target: "= 0"}, ptr(false))
		}
	}
	peakOff, peakOn := mb(procStatusKB(servers[3].Pid, "VmHWM")), mb(procStatusKB(servers[4].Pid, "VmHWM"))
	add(measure{Name: "peak RSS, " + label + ", state file off (binary, after the load)", Value: peakOff, Unit: "MB"}, nil)
	add(measure{Name: "peak RSS, " + label + ", state file on (binary, after the load)", Value: peakOn, Unit: "MB"}, nil)
	add(measure{Name: "peak RSS state file on/off, " + label, Value: peakOn / peakOff, Unit: "x", Target: "≤ 1.2"}, ptr(peakOn <= 1.2*peakOff))
	if fi, err := os.Stat(filepath.Join(dir, "big.state")); err == nil {
		add(measure{Name: "state file size, " + label + " (after the load)", Value: float64(fi.Size()) / (1 << 20), Unit: "MB"}, nil)
	}
	return nil
}

// compareAll drives loaders in alternating slices (after a warm-up of each), like compare.
func compareAll(ctx context.Context, loaders []*loader, warmup, d time.Duration) {
	for _, l := range loaders {
		l.run(ctx, warmup, false)
	}
	const slices = 10
	for range slices {
		for _, l := range loaders {
			l.run(ctx, d/slices, true)
		}
	}
}
