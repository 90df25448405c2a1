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
	IdleKB int // VmRSS after settle
	PeakKB int // VmHWM after settle
}

// startBinary starts the binary on a free port, waits for its health check, lets it settle, reads
// its memory and stops it.
func startBinary(bin string, args []string, settle time.Duration) (startResult, error) {
	var r startResult
	cmd := exec.Command(bin, append([]string{"--addr", "127.0.0.1:0", "--log-level", "error"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return r, err
	}
	cmd.Stderr = os.Stderr
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}()
	lines := bufio.NewReader(stdout)
	first, err := lines.ReadString('\n')
	if err != nil {
		return r, fmt.Errorf("no first line from accessemu: %v", err)
	}
	go io.Copy(io.Discard, lines)
	base, ok := strings.CutPrefix(strings.TrimSpace(first), "accessemu listening on ")
	if !ok {
		return r, fmt.Errorf("unexpected first line %q", first)
	}
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
			return r, fmt.Errorf("accessemu not healthy after 30s: %v", err)
		}
		time.Sleep(time.Millisecond)
	}
	r.Ready = time.Since(t0)
	time.Sleep(settle)
	r.IdleKB = procStatusKB(cmd.Process.Pid, "VmRSS")
	r.PeakKB = procStatusKB(cmd.Process.Pid, "VmHWM")
	return r, nil
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
