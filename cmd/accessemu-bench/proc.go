package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// buildBinary builds cmd/accessemu into dir, from the module the current directory belongs to.
func buildBinary(dir string) (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	mod := strings.TrimSpace(string(out))
	if err != nil || mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run accessemu-bench inside the accessemu module (or pass --binary): go env GOMOD: %v", err)
	}
	bin := filepath.Join(dir, "accessemu")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/accessemu")
	cmd.Dir = filepath.Dir(mod)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/accessemu: %v\n%s", err, out)
	}
	return bin, nil
}

// startResult is one start of the binary: time to ready and its memory.
type startResult struct {
	Ready  time.Duration
	IdleKB int           // VmRSS after settle
	PeakKB int           // VmHWM after settle
	CPU    time.Duration // user + system time after settle
}

// child is a running accessemu binary.
type child struct {
	URL   string
	Pid   int
	Ready time.Duration // from fork to the first healthy answer
	cmd   *exec.Cmd
}

// launch starts the binary on a free port and waits until its health check answers.
func launch(bin string, args []string) (*child, error) {
	return start(exec.Command(bin, append([]string{"--addr", "127.0.0.1:0", "--log-level", "error"}, args...)...))
}

// start runs a server program whose first line ends "listening on <URL>" and waits until its health
// check answers.
func start(cmd *exec.Cmd) (*child, error) {
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &child{Pid: cmd.Process.Pid, cmd: cmd}
	lines := bufio.NewReader(stdout)
	first, err := lines.ReadString('\n')
	if err != nil {
		c.stop()
		return nil, fmt.Errorf("no first line from %s: %v", cmd.Path, err)
	}
	go io.Copy(io.Discard, lines)
	_, base, ok := strings.Cut(strings.TrimSpace(first), " listening on ")
	if !ok {
		c.stop()
		return nil, fmt.Errorf("unexpected first line %q", first)
	}
	c.URL = base
	client := &http.Client{Timeout: time.Second}
	for {
		resp, err := client.Get(base + "/__emulator/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(t0) > 30*time.Second {
			c.stop()
			return nil, fmt.Errorf("%s not healthy after 30s: %v", cmd.Path, err)
		}
		time.Sleep(time.Millisecond)
	}
	c.Ready = time.Since(t0)
	return c, nil
}

// stop ends the child with SIGTERM, or kills it after 5 s.
func (c *child) stop() {
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = c.cmd.Process.Kill()
		<-done
	}
}

// startBinary starts the binary, lets it settle, reads its memory and stops it.
func startBinary(bin string, args []string, settle time.Duration) (startResult, error) {
	c, err := launch(bin, args)
	if err != nil {
		return startResult{}, err
	}
	defer c.stop()
	time.Sleep(settle)
	ticks, _ := cpuTicks(c.Pid)
	return startResult{Ready: c.Ready, IdleKB: procStatusKB(c.Pid, "VmRSS"), PeakKB: procStatusKB(c.Pid, "VmHWM"),
		CPU: time.Duration(ticks) * time.Second / userHZ}, nil
}

// startMany starts the binary n times; the memory is that of the first start, which settles longer.
func startMany(bin string, args []string, n int, settle time.Duration) (median time.Duration, mem startResult, err error) {
	var times []time.Duration
	for i := range n {
		s := time.Duration(0)
		if i == 0 {
			s = settle
		}
		r, err := startBinary(bin, args, s)
		if err != nil {
			return 0, mem, err
		}
		if i == 0 {
			mem = r
		}
		times = append(times, r.Ready)
	}
	slices.Sort(times)
	return times[len(times)/2], mem, nil
}

// procStatusKB reads a kB field of /proc/<pid>/status (pid 0: this process); 0 when unavailable.
func procStatusKB(pid int, field string) int {
	path := "/proc/self/status"
	if pid != 0 {
		path = "/proc/" + strconv.Itoa(pid) + "/status"
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return n
		}
	}
	return 0
}
