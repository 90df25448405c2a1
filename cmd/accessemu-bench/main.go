// Command accessemu-bench measures the emulator against its performance targets, on
// this machine, in one run:
//
//	go run ./cmd/accessemu-bench [--duration 3s] [--connections 32] [--parts load,start,tenants,journal,world,streams,persist]
//	                            [--world-size 100000] [--quick] [--json] [--check]
//
// It drives each provider's load pair (a revoke and the grant that undoes it) over loopback HTTP, in-process, beside a bare echo v4
// baseline server measured in the same run; times start-to-ready and reads the memory of the built
// accessemu binary started as a child process; times tenant creation and reset; checks that the
// journal keeps the heap flat; and repeats the load and start-up with a generated world of
// --world-size identities per provider (start-up targets scaled to its size, and the same world
// written item by item started once for comparison: a minute at 100,000, five at 1,000,000); compares the throughput ratio with five live journal
// streams open against the ratio without them; and measures the cost of --state-file on both
// worlds. The pinned part (not run by default) measures each server's own CPU per request, alone
// on one core, for the loop of every operation of every provider (about 9 minutes with the
// defaults: 2 × (2s warm-up + 3 runs of 3s) per loop; --pinned-filter REGEXP keeps the loops whose
// name matches). --check exits 1 when a target is missed.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/generate"
	"github.com/accessemu/accessemu/internal/loadgen"
)

// loadDescription says what one request of the load is; printed with every table.
const loadDescription = "each connection alternates a revoke with the grant that undoes it, in a tenant of its own: " +
	"every request changes state and answers 200 (anything else is an error). " +
	"req/s counts every request (half revokes, half grants); p50/p99 are the revokes' latencies."

const maxTenants = 100_000

type options struct {
	duration, warmup time.Duration
	connections      int
	parts            map[string]bool
	worldSize        int
	starts           int
	journalN         [2]int
	pinned           pinnedOptions
	binary           string
	quick, asJSON    bool
	check            bool
}

// measure is one figure with its target, if it has one.
type measure struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Target string  `json:"target,omitempty"`
	Met    *bool   `json:"met,omitempty"`
}

type report struct {
	Machine    map[string]any `json:"machine"`
	Load       string         `json:"load"`
	Throughput []loadResult   `json:"throughput"`
	// Pinned is the pinned part: each server alone on one core, the load generator on the other.
	Pinned   []pinnedResult `json:"pinned,omitempty"`
	Measures []measure      `json:"measures"`
	Missed   []string       `json:"missed"`
	// OthersCPU is the share of the machine's CPU other processes used during the run.
	OthersCPU float64  `json:"others_cpu_share"`
	Notes     []string `json:"notes,omitempty"`
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "serve-baseline" {
		return serveBaseline(args[1:])
	}
	o, err := parseFlags(args, stderr)
	if err != nil {
		if err.Error() != "flag: help requested" {
			fmt.Fprintln(stderr, "accessemu-bench:", err)
		}
		return 2
	}
	// The whole run is bounded, whatever happens inside it.
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	before := sampleCPU()
	rep, err := bench(ctx, o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "accessemu-bench:", err)
		return 1
	}
	rep.OthersCPU = othersShare(before, sampleCPU())
	return finish(rep, o, stdout, stderr)
}

// finish prints the report and, with --check, fails when a target was missed.
func finish(rep *report, o options, stdout, stderr io.Writer) int {
	if o.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	} else {
		printTable(stdout, rep)
	}
	if o.check && len(rep.Missed) > 0 {
		for _, m := range rep.Missed {
			fmt.Fprintln(stderr, "MISSED:", m)
		}
		return 1
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("accessemu-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&o.duration, "duration", 3*time.Second, "measured time of each load run (100ms to 60s), after a warm-up")
	fs.IntVar(&o.connections, "connections", 32, "keep-alive connections of each load run")
	parts := fs.String("parts", "load,start,tenants,journal,world,streams,persist", "parts to run: load, start, tenants, journal, world, streams, persist, pinned")
	fs.DurationVar(&o.pinned.warmup, "pinned-warmup", 2*time.Second, "pinned part: warm-up of each server for each operation's loop")
	fs.IntVar(&o.pinned.runs, "pinned-runs", 3, "pinned part: measured runs of --duration per server and endpoint (medians are reported)")
	filter := fs.String("pinned-filter", "", "pinned part: only the loops whose name (provider/operation[ variant], as printed) matches this Go regexp")
	fs.IntVar(&o.worldSize, "world-size", 100_000, "identities per provider of the generated world (world part)")
	fs.IntVar(&o.starts, "starts", 7, "binary starts whose start-to-ready median is taken")
	fs.StringVar(&o.binary, "binary", "", "accessemu binary to start (default: go build ./cmd/accessemu into a temp dir)")
	fs.BoolVar(&o.quick, "quick", false, "a short smoke run: 0.5s loads, 3 starts, 10,000-identity world, 100k journal requests")
	fs.BoolVar(&o.asJSON, "json", false, "print JSON instead of a table")
	fs.BoolVar(&o.check, "check", false, "exit 1 when a target is missed, naming it")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	o.warmup, o.journalN = 500*time.Millisecond, [2]int{100_000, 1_000_000}
	if o.quick {
		o.duration, o.warmup, o.starts, o.journalN = 500*time.Millisecond, 200*time.Millisecond, 3, [2]int{10_000, 100_000}
		if !flagSet(fs, "world-size") {
			o.worldSize = 10_000
		}
	}
	if o.duration < 100*time.Millisecond || o.duration > time.Minute {
		return o, fmt.Errorf("--duration %v: want 100ms to 60s", o.duration)
	}
	o.pinned.connections, o.pinned.run = o.connections, o.duration
	if o.quick {
		o.pinned.warmup, o.pinned.runs = 500*time.Millisecond, 1
	}
	if *filter != "" {
		re, err := regexp.Compile(*filter)
		if err != nil {
			return o, fmt.Errorf("--pinned-filter: %v", err)
		}
		o.pinned.filter = re
	}
	if o.pinned.runs < 1 || o.pinned.runs > 21 {
		return o, fmt.Errorf("--pinned-runs %d: want 1 to 21", o.pinned.runs)
	}
	if o.connections < 1 || o.connections > 1024 {
		return o, fmt.Errorf("--connections %d: want 1 to 1024", o.connections)
	}
	if o.starts < 1 || o.starts > 51 {
		return o, fmt.Errorf("--starts %d: want 1 to 51", o.starts)
	}
	if o.worldSize < 0 || o.worldSize > 1_000_000 {
		return o, fmt.Errorf("--world-size %d: want 0 to 1,000,000", o.worldSize)
	}
	o.parts = map[string]bool{}
	for _, p := range strings.Split(*parts, ",") {
		switch p = strings.TrimSpace(p); p {
		case "load", "start", "tenants", "journal", "world", "streams", "persist", "pinned":
			o.parts[p] = true
		case "":
		default:
			return o, fmt.Errorf("--parts: unknown part %q (want load, start, tenants, journal, world, streams, persist, pinned)", p)
		}
	}
	return o, nil
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// bench runs the chosen parts; progress goes to log, results to the report.
func bench(ctx context.Context, o options, log io.Writer) (*report, error) {
	rep := &report{
		Machine: map[string]any{"cpus": runtime.NumCPU(), "gomaxprocs": runtime.GOMAXPROCS(0), "go": runtime.Version(), "os": runtime.GOOS + "/" + runtime.GOARCH},
		Load:    loadDescription, Throughput: []loadResult{}, Measures: []measure{}, Missed: []string{},
	}
	add := func(m measure, ok *bool) {
		m.Met = ok
		rep.Measures = append(rep.Measures, m)
		if ok != nil && !*ok {
			rep.Missed = append(rep.Missed, fmt.Sprintf("%s = %.4g %s (target %s)", m.Name, m.Value, m.Unit, m.Target))
		}
	}
	progress := func(format string, args ...any) { fmt.Fprintf(log, "accessemu-bench: "+format+"\n", args...) }

	endpoints := loadgen.Endpoints(emulator.Registry())
	// Room for every tenant the run creates: one per connection and run, and the tenant timings'.
	emu, err := emulator.New(emulator.Options{MaxTenants: maxTenants})
	if err != nil {
		return nil, err
	}
	if o.parts["load"] {
		emuSrv, err := serve(emu.Handler())
		if err != nil {
			return nil, err
		}
		baseSrv, err := serve(loadgen.Baseline())
		if err != nil {
			return nil, err
		}
		for run, ep := range endpoints {
			progress("load %s: baseline and emulator in turns (%d connections, %v each)", ep.Name(), o.connections, o.duration)
			bl := newLoader(baseSrv.URL, ep, o.connections, fmt.Sprintf("base%d", run), false)
			el := newLoader(emuSrv.URL, ep, o.connections, fmt.Sprintf("load%d", run), true)
			compare(ctx, bl, el, o.warmup, o.duration)
			el.forget()
			b, e := bl.result("baseline", "-"), el.result("emulator", "default")
			e.Ratio = e.RPS / b.RPS
			rep.Throughput = append(rep.Throughput, b, e)
			add(measure{Name: "throughput emulator/baseline " + ep.Name(), Value: e.Ratio, Unit: "x", Target: "≥ 0.5"}, ptr(e.Ratio >= 0.5))
			add(measure{Name: "p99 " + ep.Name(), Value: e.P99MS, Unit: "ms", Target: "≤ 5"}, ptr(e.P99MS <= 5))
			add(measure{Name: "p99 of the baseline beside it (same machine, same moments)", Value: b.P99MS, Unit: "ms"}, nil)
			if e.Errors > 0 {
				add(measure{Name: "errors " + ep.Name(), Value: float64(e.Errors), Unit: "requests", Target: "= 0"}, ptr(false))
			}
		}
		emuSrv.stop()
		baseSrv.stop()
		add(measure{Name: "peak RSS, bench process (load generator, baseline and emulator)", Value: mb(procStatusKB(0, "VmHWM")), Unit: "MB"}, nil)
	}
	var bin string
	dir, err := os.MkdirTemp("", "accessemu-bench")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if o.parts["start"] || o.parts["world"] || o.parts["persist"] || o.parts["pinned"] {
		if bin = o.binary; bin == "" {
			progress("building ./cmd/accessemu")
			if bin, err = buildBinary(dir); err != nil {
				return nil, err
			}
		}
	}
	if o.parts["start"] {
		progress("starting the binary %d times (default world)", o.starts)
		med, mem, err := startMany(bin, nil, o.starts, time.Second)
		if err != nil {
			return nil, err
		}
		add(measure{Name: fmt.Sprintf("start-to-ready, default world (median of %d)", o.starts), Value: msf(med), Unit: "ms", Target: "≤ 50"}, ptr(med <= 50*time.Millisecond))
		add(measure{Name: "idle RSS, default world (binary, 1s after ready)", Value: mb(mem.IdleKB), Unit: "MB", Target: "≤ 30"}, ptr(mb(mem.IdleKB) <= 30))
		add(measure{Name: "peak RSS, default world (binary)", Value: mb(mem.PeakKB), Unit: "MB"}, nil)
	}
	if o.parts["tenants"] {
		progress("creating and resetting 1000 tenants (default world)")
		c, c99, r, r99, err := tenantTimes(emu.Handler(), 1000, "bench-tenant")
		if err != nil {
			return nil, err
		}
		add(measure{Name: "tenant create, default world (median; p99 " + fmtMS(c99) + ")", Value: msf(c), Unit: "ms", Target: "≤ 1"}, ptr(c <= time.Millisecond))
		add(measure{Name: "tenant reset, default world (median; p99 " + fmtMS(r99) + ")", Value: msf(r), Unit: "ms", Target: "≤ 1"}, ptr(r <= time.Millisecond))
	}
	if o.parts["journal"] {
		ep := endpoints[len(endpoints)-1]
		progress("journal: %d then %d requests of %s through ServeHTTP", o.journalN[0], o.journalN[1], ep.Name())
		heaps, err := heapAfter(emu.Handler(), ep, o.journalN[:])
		if err != nil {
			return nil, err
		}
		growth := mb(int(heaps[1]/1024)) - mb(int(heaps[0]/1024))
		add(measure{Name: fmt.Sprintf("heap after %d requests", o.journalN[0]), Value: mb(int(heaps[0] / 1024)), Unit: "MB"}, nil)
		add(measure{Name: fmt.Sprintf("heap after %d requests", o.journalN[1]), Value: mb(int(heaps[1] / 1024)), Unit: "MB"}, nil)
		add(measure{Name: "journal heap growth between them", Value: growth, Unit: "MB", Target: "≤ 1 (flat)"}, ptr(growth <= 1))
	}
	if o.parts["pinned"] {
		if err := pinnedPart(ctx, o, bin, rep, add, progress); err != nil {
			return nil, err
		}
	}
	if o.parts["world"] {
		if err := benchWorld(ctx, o, bin, dir, rep, add, progress); err != nil {
			return nil, err
		}
	}
	if o.parts["streams"] {
		if err := benchStreams(ctx, o, rep, add, progress); err != nil {
			return nil, err
		}
	}
	if o.parts["persist"] {
		if err := benchPersist(ctx, o, bin, dir, rep, add, progress); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// benchWorld measures a generated world of o.worldSize identities per provider: its in-process
// load and tenant times, then the binary's start-to-ready and memory, and its throughput against
// the binary serving the default world, in turns.
func benchWorld(ctx context.Context, o options, bin, dir string, rep *report, add func(measure, *bool), progress func(string, ...any)) error {
	size := o.worldSize
	label := fmt.Sprintf("%dk world", size/1000)
	world, err := generatedWorld(size, false)
	if err != nil {
		return err
	}
	file := dir + "/world.yaml"
	if err := os.WriteFile(file, world, 0o644); err != nil {
		return err
	}
	progress("%s: %.1f MB fixture file; loading it in-process", label, float64(len(world))/1e6)
	t0 := time.Now()
	emu, err := emulator.New(emulator.Options{Fixtures: world, MaxTenants: maxTenants})
	if err != nil {
		return err
	}
	add(measure{Name: "in-process emulator.New, " + label, Value: msf(time.Since(t0)), Unit: "ms"}, nil)
	world = nil
	c, _, r, _, err := tenantTimes(emu.Handler(), 20, "bench-tenant")
	if err != nil {
		return err
	}
	add(measure{Name: "tenant create, " + label + " (median of 20)", Value: msf(c), Unit: "ms"}, nil)
	add(measure{Name: "tenant reset, " + label + " (median of 20)", Value: msf(r), Unit: "ms"}, nil)
	emu = nil
	// Done with the in-process world: hand its memory back now, so that returning it does not
	// compete with the binary's start-up below.
	debug.FreeOSMemory()
	time.Sleep(time.Second)

	starts := max(1, (o.starts*2+2)/3)
	progress("starting the binary %d times (%s)", starts, label)
	med, mem, err := startMany(bin, []string{"--fixtures", file}, starts, 2*time.Second)
	if err != nil {
		return err
	}
	t := worldTargets(size)
	add(measure{Name: fmt.Sprintf("start-to-ready, %s (median of %d)", label, starts), Value: msf(med), Unit: "ms", Target: fmt.Sprintf("≤ %.0f", msf(t.ready))}, ptr(med <= t.ready))
	add(measure{Name: "peak RSS, " + label + " (binary, start-up)", Value: mb(mem.PeakKB), Unit: "MB", Target: fmt.Sprintf("≤ %.0f", t.peakMB)}, ptr(mb(mem.PeakKB) <= t.peakMB))
	add(measure{Name: "idle RSS, " + label + " (binary, 2s after ready)", Value: mb(mem.IdleKB), Unit: "MB", Target: fmt.Sprintf("≤ %.0f", t.idleMB)}, ptr(mb(mem.IdleKB) <= t.idleMB))
	add(measure{Name: "CPU time, " + label + " (binary, start-up and 2s idle, user + system)", Value: msf(mem.CPU), Unit: "ms"}, nil)

	// The same world written item by item (fixtures generate --expand), once, for comparison.
	expanded, err := generatedWorld(size, true)
	if err != nil {
		return err
	}
	expandedFile := dir + "/world-expanded.yaml"
	if err := os.WriteFile(expandedFile, expanded, 0o644); err != nil {
		return err
	}
	progress("starting the binary once on the %s written item by item (%.0f MB)", label, float64(len(expanded))/1e6)
	expanded = nil
	x, err := startBinary(bin, []string{"--fixtures", expandedFile}, 2*time.Second)
	if err != nil {
		return err
	}
	os.Remove(expandedFile)
	add(measure{Name: "start-to-ready, " + label + " written item by item (--expand)", Value: msf(x.Ready), Unit: "ms"}, nil)
	add(measure{Name: "peak RSS, " + label + " written item by item (--expand)", Value: mb(x.PeakKB), Unit: "MB"}, nil)
	add(measure{Name: "idle RSS, " + label + " written item by item (--expand, 2s after ready)", Value: mb(x.IdleKB), Unit: "MB"}, nil)

	small, err := launch(bin, []string{"--max-tenants", strconv.Itoa(maxTenants)})
	if err != nil {
		return err
	}
	defer small.stop()
	big, err := launch(bin, []string{"--fixtures", file, "--max-tenants", strconv.Itoa(maxTenants)})
	if err != nil {
		return err
	}
	defer big.stop()
	for run, ep := range loadgen.Endpoints(emulator.Registry()) {
		progress("load %s: the binary with the default world and with the %s, in turns", ep.Name(), label)
		dl := newLoader(small.URL, ep, o.connections, fmt.Sprintf("world%d", run), true)
		wl := newLoader(big.URL, ep, o.connections, fmt.Sprintf("world%d", run), true)
		// Twice as long: the big world's garbage collections are rarer and longer, and each slice
		// should average over them.
		compare(ctx, dl, wl, o.warmup, 2*o.duration)
		dl.forget()
		wl.forget()
		d, w := dl.result("binary", "default"), wl.result("binary", label)
		w.Ratio = w.RPS / d.RPS
		rep.Throughput = append(rep.Throughput, d, w)
		add(measure{Name: "throughput " + label + "/default world " + ep.Name(), Value: w.Ratio, Unit: "x", Target: "≥ 0.9"}, ptr(w.Ratio >= 0.9))
		if w.Errors+d.Errors > 0 {
			add(measure{Name: "errors (binaries) " + ep.Name(), Value: float64(w.Errors + d.Errors), Unit: "requests", Target: "= 0"}, ptr(false))
		}
	}
	add(measure{Name: "peak RSS, " + label + " (binary, after the load)", Value: mb(procStatusKB(big.Pid, "VmHWM")), Unit: "MB"}, nil)
	add(measure{Name: "RSS, " + label + " (binary, after the load)", Value: mb(procStatusKB(big.Pid, "VmRSS")), Unit: "MB"}, nil)
	return nil
}

func printTable(w io.Writer, rep *report) {
	fmt.Fprintf(w, "accessemu-bench on %v CPUs (GOMAXPROCS %v), %v %v\n", rep.Machine["cpus"], rep.Machine["gomaxprocs"], rep.Machine["go"], rep.Machine["os"])
	if len(rep.Throughput) > 0 {
		fmt.Fprintf(w, "\nLoad: %s\n\n", rep.Load)
		fmt.Fprintf(w, "%-28s %-9s %-12s %5s %9s %8s %8s %7s %7s\n", "endpoint", "server", "world", "conns", "req/s", "p50 ms", "p99 ms", "errors", "ratio")
		for _, r := range rep.Throughput {
			ratio := ""
			if r.Ratio > 0 {
				ratio = fmt.Sprintf("%.2f", r.Ratio)
			}
			fmt.Fprintf(w, "%-28s %-9s %-12s %5d %9.0f %8.2f %8.2f %7d %7s\n", r.Endpoint, r.Server, r.World, r.Connections, r.RPS, r.P50MS, r.P99MS, r.Errors, ratio)
		}
		fmt.Fprintln(w, "\nratio: the emulator's req/s over the baseline's (in-process, same run, in turns); for a generated world, the")
		fmt.Fprintln(w, "binary serving it over the binary serving the default world (same run, in turns); for bin+state (the binary with")
		fmt.Fprintln(w, "--state-file) and bin+os (with --state-sync os), over the binary without it on the default world, and for a")
		fmt.Fprintln(w, "generated world over bin+state on the default.")
	}
	if len(rep.Pinned) > 0 {
		fmt.Fprintf(w, "\nPinned: each server alone on core %d with GOMAXPROCS 1, the load generator on core %d; medians of the runs.\n", serverCore, loaderCore)
		fmt.Fprintf(w, "Each operation's loop: a change and the request that undoes it (a+b when they are two operations), or a read repeated.\n\n")
		fmt.Fprintf(w, "%-64s %-9s %9s %10s %8s %8s %7s %7s %7s\n", "operation", "server", "req/s", "CPU µs/req", "p50 ms", "p99 ms", "errors", "ratio", "target")
		for _, r := range rep.Pinned {
			ratio, target := "", ""
			if r.Ratio > 0 {
				ratio, target = fmt.Sprintf("%.2f", r.Ratio), fmt.Sprintf("≥ %.2f", r.Target)
			}
			fmt.Fprintf(w, "%-64s %-9s %9.0f %10.1f %8.2f %8.2f %7d %7s %7s\n", r.Endpoint, r.Server, r.RPS, r.CPUMicros, r.P50MS, r.P99MS, r.Errors, ratio, target)
		}
	}
	fmt.Fprintf(w, "\n%-96s %10s %-6s %-12s %s\n", "measure", "value", "unit", "target", "")
	for _, m := range rep.Measures {
		verdict := ""
		if m.Met != nil {
			verdict = "ok"
			if !*m.Met {
				verdict = "MISSED"
			}
		}
		fmt.Fprintf(w, "%-96s %10.4g %-6s %-12s %s\n", m.Name, m.Value, m.Unit, m.Target, verdict)
	}
	fmt.Fprintf(w, "\nOther processes used %.0f%% of the machine's CPU during the run.\n", 100*rep.OthersCPU)
	if rep.OthersCPU > 0.10 {
		fmt.Fprintln(w, "The machine was not quiet: latencies and start-up times are inflated; run again when it is.")
	}
	if len(rep.Missed) == 0 {
		fmt.Fprintln(w, "\nEvery target measured in this run was met.")
	} else {
		fmt.Fprintf(w, "\n%d target(s) missed.\n", len(rep.Missed))
	}
}

func ptr(b bool) *bool { return &b }

func mb(kb int) float64 { return float64(kb) / 1024 }

func msf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fmtMS(d time.Duration) string { return fmt.Sprintf("%.3f ms", msf(d)) }

// generatedWorld is the world of size generated identities per provider, from seed 1, as
// accessemu fixtures generate writes it (with expand, --expand).
func generatedWorld(size int, expand bool) ([]byte, error) {
	var buf bytes.Buffer
	counts := map[string]int{}
	for _, p := range emulator.Registry() {
		counts[p.Name()] = size
	}
	err := generate.Write(&buf, emulator.Registry(), generate.Options{Seed: 1, Counts: counts, Expand: expand})
	return buf.Bytes(), err
}

// startTargets are a generated world's start-up targets.
type startTargets struct {
	ready          time.Duration
	peakMB, idleMB float64
}

// worldTargets scales the start-up targets with the world: 4 µs per identity per provider to
// ready (400 ms at 100,000, 4 s at 1,000,000), a peak RSS of 250 MB or 2 kB per identity, an idle
// RSS of 400 MB or 1.5 kB per identity, whichever is more.
func worldTargets(size int) startTargets {
	return startTargets{
		ready:  max(400*time.Millisecond, time.Duration(size)*4*time.Microsecond),
		peakMB: max(250, float64(size)*2/1000),
		idleMB: max(400, float64(size)*1.5/1000),
	}
}
