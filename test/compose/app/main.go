// Command app stands for a service that depends on accessemu in compose.yaml. Compose starts it
// only once the emulator is healthy; it revokes a Parcel licence through the emulator at once, with
// no retry, so it fails if it was started too early, then serves that answer on /healthz (which
// its own healthcheck, app -check, reads) until SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

const listen = "127.0.0.1:8081"

func main() {
	check := flag.Bool("check", false, "exit 0 when the running app is healthy")
	flag.Parse()
	if *check {
		resp, err := http.Get("http://" + listen + "/healthz")
		if err != nil || resp.StatusCode != http.StatusOK {
			os.Exit(1)
		}
		return
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "app:", err)
		os.Exit(1)
	}
}

func run() error {
	base := os.Getenv("ACCESSEMU_URL")
	if base == "" {
		base = "http://emulator:8080"
	}
	answer, err := revoke(base)
	if err != nil {
		return err
	}
	fmt.Println("revoked through", base+":", answer)
	srv := &http.Server{Addr: listen, ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(
		func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, answer) })}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { <-ctx.Done(); srv.Shutdown(context.Background()) }()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// revoke takes user 1001's licence of the default world's sword, as a real Parcel client would.
func revoke(base string) (string, error) {
	req, err := http.NewRequest(http.MethodDelete, base+"/whitelist/revoke",
		strings.NewReader(`{"product_id":"65a1b2c3d4e5f60718293a4b","userid":"1001","userid_type":"roblox"}`))
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "prod_EmulatorDefaultHubKey0001")
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("revoke: %d %s", resp.StatusCode, body)
	}
	return string(body), nil
}
