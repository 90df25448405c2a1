package apitest

import (
	"context"
	"net"
	"sync"
	"testing"

	"github.com/accessemu/accessemu/emulator"
)

// Served is an emulator answering through emulator.Serve on a loopback port, as the binary runs
// it (read timeouts, graceful shutdown), rather than through httptest.
type Served struct {
	Emu *emulator.Emulator
	// URL is the server's root, e.g. http://127.0.0.1:41234.
	URL string
	// Addr is the listening address, for raw connections.
	Addr string
	stop func() error
}

// Serve starts an emulator with opts through emulator.Serve; it stops when the test ends, or
// earlier with Stop.
func Serve(t testing.TB, opts emulator.Options) *Served {
	t.Helper()
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatalf("starting emulator: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- emu.Serve(ctx, ln) }()
	var once sync.Once
	var serveErr error
	s := &Served{Emu: emu, URL: "http://" + ln.Addr().String(), Addr: ln.Addr().String(), stop: func() error {
		once.Do(func() {
			cancel()
			serveErr = <-served
			emu.Close()
		})
		return serveErr
	}}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return s
}

// Stop shuts the server down gracefully and returns what Serve returned.
func (s *Served) Stop() error { return s.stop() }
