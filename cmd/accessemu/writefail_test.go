//go:build linux

package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// setFileSizeLimit sets the soft RLIMIT_FSIZE of a running process: its writes past limit bytes
// fail with EFBIG (root included, unlike a read-only directory).
func setFileSizeLimit(t *testing.T, pid int, limit uint64) {
	t.Helper()
	var old syscall.Rlimit
	if _, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_FSIZE, 0, uintptr(unsafe.Pointer(&old)), 0, 0); errno != 0 {
		t.Fatalf("prlimit: %v", errno)
	}
	lim := syscall.Rlimit{Cur: min(limit, old.Max), Max: old.Max}
	if _, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_FSIZE, uintptr(unsafe.Pointer(&lim)), 0, 0, 0); errno != 0 {
		t.Fatalf("prlimit: %v", errno)
	}
}

func send(t *testing.T, method, url, body string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// When the state file cannot grow (the process's file-size limit), a change is answered with the
// provider's own 500, is not applied, and the log says why; once the file can grow again the same
// change succeeds and survives a kill.
func TestBinary_ChangeThatCannotBeWrittenAnswersProviders500AndChangesNothing(t *testing.T) {
	bin := binary(t)
	state := filepath.Join(t.TempDir(), "state.db")
	cmd, base, log := startWatched(t, bin, "--state-file", state)
	assign := func(id int) (int, string) {
		return send(t, "POST", base+"/whitelist/assign", `{"product_id":"`+crashShield+`","userid":"`+fmt.Sprint(id)+`","userid_type":"roblox"}`, "Authorization", crashParcelKey)
	}
	owns := func(base string, id int) bool {
		_, body := send(t, "GET", base+"/whitelist/check/roblox/"+fmt.Sprint(id)+"?product_id="+crashShield, "", "Authorization", crashParcelKey)
		return strings.Contains(body, `"owns_license":true`)
	}
	if status, body := assign(8000); status != 200 {
		t.Fatalf("before the limit: %d %s", status, body)
	}
	// No file may grow: neither the database nor the log beside it.
	var limit int64
	for _, f := range []string{state, state + ".wal"} {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		limit = max(limit, fi.Size())
	}
	setFileSizeLimit(t, cmd.Process.Pid, uint64(limit))
	failed := 0
	for id := 8001; id < 30000 && failed == 0; id++ {
		status, body := assign(id)
		switch status {
		case 200:
			continue
		case 500:
			failed = id
			if want := `{"status":"500","message":"Internal Server Error"}`; body != want {
				t.Fatalf("body %s, want Parcel's 500 %s", body, want)
			}
		default:
			t.Fatalf("assign %d: %d %s", id, status, body)
		}
	}
	if failed == 0 {
		t.Fatal("the file never needed to grow")
	}
	if owns(base, failed) {
		t.Fatalf("the change that could not be saved was applied: %d owns the licence", failed)
	}
	if !owns(base, failed-1) {
		t.Fatalf("the change before it is gone")
	}
	for _, want := range []string{"a change was refused and not applied: the state file could not be written", "file too large"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, log.String())
		}
	}
	setFileSizeLimit(t, cmd.Process.Pid, ^uint64(0))
	if status, body := assign(failed); status != 200 {
		t.Fatalf("after lifting the limit: %d %s", status, body)
	}
	cmd.Process.Kill()
	cmd.Wait()
	_, base = startKillable(t, bin, "--state-file", state)
	for _, id := range []int{8000, failed - 1, failed} {
		if !owns(base, id) {
			t.Errorf("after a restart, %d does not own the licence", id)
		}
	}
}
