package main

import (
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/accessemu/accessemu/emulator"
)

// In a container ACCESSEMU_ADDR moves the port for both the server and its HEALTHCHECK: the check
// must follow it, and ask loopback when the server listens on every interface.
func TestHealthcheck_FollowsTheAddrEnvironmentVariable(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: emu.Handler()}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close(); emu.Close() })
	_, port, _ := net.SplitHostPort(ln.Addr().String())

	env := envOf(map[string]string{"ACCESSEMU_ADDR": "0.0.0.0:" + port})
	if code := run([]string{"healthcheck"}, env, io.Discard, io.Discard); code != 0 {
		t.Fatalf("healthcheck with ACCESSEMU_ADDR=0.0.0.0:%s: exit %d, want 0", port, code)
	}
	srv.Close()
	if code := run([]string{"healthcheck"}, env, io.Discard, io.Discard); code != 1 {
		t.Fatalf("healthcheck after the server stopped: exit %d, want 1", code)
	}
}
