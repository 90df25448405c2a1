package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/loadgen"
)

// The pinned part measures what a request costs the server itself: the emulator binary and the
// baseline binary each run alone on core 0 with GOMAXPROCS 1, the load generator on core 1, in
// alternating runs of the same endpoint. Throughput is then bounded by the server's core, and its
// CPU time per request is read from /proc, so the load generator's own cost hides nothing.

// pinnedResult is one endpoint on one server in the pinned part.
type pinnedResult struct {
	Endpoint string  `json:"endpoint"`
	Server   string  `json:"server"`
	RPS      float64 `json:"requests_per_second"`
	// CPUMicros is the server's CPU time (user and system) per request.
	CPUMicros float64 `json:"cpu_us_per_request"`
	P50MS     float64 `json:"p50_ms"`
	P99MS     float64 `json:"p99_ms"`
	Errors    int     `json:"errors"`
	// Ratio is the emulator's requests/s over the baseline's, and Target the least it should be.
	Ratio  float64 `json:"ratio,omitempty"`
	Target float64 `json:"target_ratio,omitempty"`
}

// Throughput targets of the pinned part, as ratios to the baseline: a provider's revoke endpoint
// (its load pair) and every other operation.
const (
	revokeTarget    = 0.85
	operationTarget = 0.7
)

func targetOf(ep loadgen.Endpoint) float64 {
	if ep.Load {
		return revokeTarget
	}
	return operationTarget
}

const (
	serverCore = 0
	loaderCore = 1
)

// serveBaseline is the baseline server as a program of its own (accessemu-bench serve-baseline), so
// that it can be pinned like the emulator binary.
func serveBaseline(args []string) int {
	addr := "127.0.0.1:0"
	if len(args) == 2 && args[0] == "--addr" {
		addr = args[1]
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "accessemu-bench serve-baseline:", err)
		return 1
	}
	fmt.Printf("baseline listening on http://%s\n", ln.Addr())
	mux := http.NewServeMux()
	mux.HandleFunc("GET /__emulator/health", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(`{"status":"ok"}`)) })
	mux.Handle("/", loadgen.Baseline())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, "accessemu-bench serve-baseline:", err)
		return 1
	}
	return 0
}

// pinnable reports why the pinned part cannot run here, if it cannot.
func pinnable() error {
	if runtime.NumCPU() < 2 {
		return fmt.Errorf("the pinned part needs 2 CPUs, this machine has %d", runtime.NumCPU())
	}
	if _, err := exec.LookPath("taskset"); err != nil {
		return fmt.Errorf("the pinned part needs taskset (util-linux): %v", err)
	}
	return nil
}

// pinSelf moves every thread of this process onto core and limits it to one P, for the load
// generator.
func pinSelf(core int) error {
	runtime.GOMAXPROCS(1)
	out, err := exec.Command("taskset", "-a", "-p", "-c", strconv.Itoa(core), strconv.Itoa(os.Getpid())).CombinedOutput()
	if err != nil {
		return fmt.Errorf("taskset: %v: %s", err, out)
	}
	return nil
}

// launchPinned starts a server program on core with GOMAXPROCS 1 and waits for its health check.
func launchPinned(core int, program string, args ...string) (*child, error) {
	cmd := exec.Command("taskset", append([]string{"-c", strconv.Itoa(core), program}, args...)...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	return start(cmd)
}

// cpuTicks is a process's user and system time in clock ticks (USER_HZ, 100 a second on Linux).
func cpuTicks(pid int) (int64, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return utime + stime, nil
}

const userHZ = 100

// pinnedRun is one measured run of one server.
type pinnedRun struct {
	rps, cpuMicros float64
}

// measurePinned drives the loader for d and reads the server's CPU time around it.
func measurePinned(ctx context.Context, l *rawLoader, pid int, d time.Duration) (pinnedRun, error) {
	before, err := cpuTicks(pid)
	if err != nil {
		return pinnedRun{}, err
	}
	n := l.requests
	if err := l.run(ctx, d, true); err != nil {
		return pinnedRun{}, err
	}
	after, err := cpuTicks(pid)
	if err != nil {
		return pinnedRun{}, err
	}
	reqs := l.requests - n
	if reqs == 0 {
		return pinnedRun{}, fmt.Errorf("no request answered in %v", d)
	}
	return pinnedRun{
		rps:       float64(reqs) / d.Seconds(),
		cpuMicros: float64(after-before) * 1e6 / userHZ / float64(reqs),
	}, nil
}

// pinnedOptions shape the pinned part: each endpoint is warmed up, then measured in runs that
// alternate baseline and emulator; medians of the runs are reported.
type pinnedOptions struct {
	connections int
	warmup, run time.Duration
	runs        int
	// filter, when set, keeps only the loops whose name it matches.
	filter *regexp.Regexp
}

// loops are the endpoints the filter keeps (all of them without one).
func (po pinnedOptions) loops(all []loadgen.Endpoint) []loadgen.Endpoint {
	if po.filter == nil {
		return all
	}
	var kept []loadgen.Endpoint
	for _, ep := range all {
		if po.filter.MatchString(ep.Name()) {
			kept = append(kept, ep)
		}
	}
	return kept
}

// total is how long the part drives load for n endpoints: each server's warm-up, then its runs.
func (po pinnedOptions) total(n int) time.Duration {
	return time.Duration(n) * 2 * (po.warmup + time.Duration(po.runs)*po.run)
}

// benchPinned runs the pinned part for every endpoint.
func benchPinned(ctx context.Context, po pinnedOptions, bin string, endpoints []loadgen.Endpoint, progress func(string, ...any)) ([]pinnedResult, error) {
	if err := pinnable(); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	prevProcs := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(prevProcs)
	if err := pinSelf(loaderCore); err != nil {
		return nil, err
	}
	emu, err := launchPinned(serverCore, bin, "--addr", "127.0.0.1:0", "--log-level", "error", "--max-tenants", strconv.Itoa(maxTenants))
	if err != nil {
		return nil, err
	}
	defer emu.stop()
	base, err := launchPinned(serverCore, self, "serve-baseline")
	if err != nil {
		return nil, err
	}
	defer base.stop()
	progress("pinned: %d operations' loops, baseline and emulator on core %d, load on core %d (%d connections, %d runs of %v after %v warm-up each): about %v",
		len(endpoints), serverCore, loaderCore, po.connections, po.runs, po.run, po.warmup, po.total(len(endpoints)).Round(time.Second))
	var out []pinnedResult
	for i, ep := range endpoints {
		progress("pinned %d/%d %s", i+1, len(endpoints), ep.Name())
		bl, err := newRawLoader(base.URL, ep, po.connections, fmt.Sprintf("pinb%d", i), false)
		if err != nil {
			return nil, err
		}
		el, err := newRawLoader(emu.URL, ep, po.connections, fmt.Sprintf("pine%d", i), true)
		if err != nil {
			return nil, err
		}
		b, e, err := comparePinned(ctx, po, bl, base.Pid, el, emu.Pid)
		bl.close()
		el.close()
		el.forget()
		if err != nil {
			return nil, fmt.Errorf("pinned %s: %w", ep.Name(), err)
		}
		b.Endpoint, e.Endpoint = ep.Name(), ep.Name()
		e.Ratio, e.Target = e.RPS/b.RPS, targetOf(ep)
		out = append(out, b, e)
	}
	return out, nil
}

// comparePinned warms both servers up, then alternates measured runs between them.
func comparePinned(ctx context.Context, po pinnedOptions, bl *rawLoader, bpid int, el *rawLoader, epid int) (pinnedResult, pinnedResult, error) {
	if err := bl.run(ctx, po.warmup, false); err != nil {
		return pinnedResult{}, pinnedResult{}, err
	}
	if err := el.run(ctx, po.warmup, false); err != nil {
		return pinnedResult{}, pinnedResult{}, err
	}
	var bruns, eruns []pinnedRun
	for range po.runs {
		b, err := measurePinned(ctx, bl, bpid, po.run)
		if err != nil {
			return pinnedResult{}, pinnedResult{}, err
		}
		e, err := measurePinned(ctx, el, epid, po.run)
		if err != nil {
			return pinnedResult{}, pinnedResult{}, err
		}
		bruns, eruns = append(bruns, b), append(eruns, e)
	}
	return summarize("baseline", bl, bruns), summarize("emulator", el, eruns), nil
}

// summarize takes the medians of the runs.
func summarize(server string, l *rawLoader, runs []pinnedRun) pinnedResult {
	rps := make([]float64, len(runs))
	cpu := make([]float64, len(runs))
	for i, r := range runs {
		rps[i], cpu[i] = r.rps, r.cpuMicros
	}
	return pinnedResult{
		Server: server, RPS: median(rps), CPUMicros: median(cpu),
		P50MS: ms(l.p50()), P99MS: ms(l.p99()), Errors: l.errors,
	}
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// pinnedPart runs the pinned part on the loop of every operation of every provider and checks its
// targets: each revoke endpoint at least 0.85 of the baseline's throughput, every other operation
// at least 0.7, and p99 at most 1.1 times the baseline's.
func pinnedPart(ctx context.Context, o options, bin string, rep *report, add func(measure, *bool), progress func(string, ...any)) error {
	loops := o.pinned.loops(loadgen.Operations(emulator.Registry()))
	if len(loops) == 0 {
		return fmt.Errorf("--pinned-filter %q matches no operation's loop", o.pinned.filter)
	}
	results, err := benchPinned(ctx, o.pinned, bin, loops, progress)
	if err != nil {
		return err
	}
	rep.Pinned = results
	for i := 0; i+1 < len(results); i += 2 {
		b, e := results[i], results[i+1]
		add(measure{Name: "pinned throughput emulator/baseline " + e.Endpoint, Value: e.Ratio, Unit: "x", Target: fmt.Sprintf("≥ %.2g", e.Target)}, ptr(e.Ratio >= e.Target))
		add(measure{Name: "pinned CPU per request emulator/baseline " + e.Endpoint, Value: e.CPUMicros / b.CPUMicros, Unit: "x"}, nil)
		add(measure{Name: "pinned p99 emulator/baseline " + e.Endpoint, Value: e.P99MS / b.P99MS, Unit: "x", Target: "≤ 1.1"}, ptr(e.P99MS <= 1.1*b.P99MS))
		if e.Errors > 0 {
			add(measure{Name: "pinned errors " + e.Endpoint, Value: float64(e.Errors), Unit: "requests", Target: "= 0"}, ptr(false))
		}
	}
	return nil
}
