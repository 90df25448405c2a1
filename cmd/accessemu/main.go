// Command accessemu runs the emulator of the Adapty, Airtable and Parcel "revoke access" APIs.
//
//	accessemu [flags]              serve (see accessemu -h)
//	accessemu healthcheck [flags]  exit 0 when the emulator at --addr answers its health check
//	accessemu errors               list every provider's named errors with their bodies
//	accessemu scenarios            list the shipped scenarios
//	accessemu validate FILE...     check fixture and scenario files without serving
//	accessemu fixtures generate    write a deterministic fixture world of any size
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/accessemu/accessemu/emulator"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(args []string, env func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "healthcheck":
			return healthcheck(args[1:], env, stderr)
		case "errors":
			return listErrors(stdout, stderr)
		case "scenarios":
			return listScenarios(stdout, stderr)
		case "validate":
			return validate(args[1:], stdout, stderr)
		case "fixtures":
			return fixturesCommand(args[1:], stdout, stderr)
		}
	}
	cfg, err := parseConfig("accessemu", args, env, stderr)
	if err != nil {
		if err.Error() != "flag: help requested" {
			fmt.Fprintln(stderr, "accessemu:", err)
		}
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "accessemu:", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	log, err := cfg.logger(stderr)
	if err != nil {
		return err
	}
	size, _ := cfg.journalSize()     // validated by parseConfig
	maxBody, _ := cfg.maxBodyBytes() // validated by parseConfig
	maxTenants, readTimeout, _ := cfg.limits()
	emu, err := emulator.New(emulator.Options{
		FixturesFile: cfg.Fixtures, Logger: log, JournalSize: size, AdminToken: cfg.AdminToken,
		Scenarios: cfg.Scenarios, MaxBodyBytes: maxBody, StateFile: cfg.StateFile, StateSyncByOS: cfg.StateSync == "os",
		MaxTenants: maxTenants, ReadTimeout: readTimeout,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	// The first line is machine-readable: with --addr 127.0.0.1:0 it is how a caller learns the port.
	fmt.Fprintf(stdout, "accessemu listening on %s\n", base)
	fmt.Fprint(stdout, banner(base, cfg.Fixtures))
	log.Info("serving", "addr", ln.Addr().String(), "fixtures", fixturesName(cfg.Fixtures))
	err = emu.Serve(ctx, ln)
	// Serve has drained in-flight requests: the last save holds every accepted change.
	if cerr := emu.Close(); err == nil {
		err = cerr
	}
	log.Info("stopped")
	return err
}

func fixturesName(file string) string {
	if file == "" {
		return "embedded default world"
	}
	return file
}

// banner tells a person what is served and with which default credentials.
func banner(base, fixtures string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  fixtures: %s\n", fixturesName(fixtures))
	fmt.Fprintf(&b, "  adapty:   %s/api/v2/server-side-api/...", base)
	if fixtures == "" {
		b.WriteString("   Authorization: Api-Key secret_live_accessem.0123456789abcdefghijklmnopqrstuv")
	}
	fmt.Fprintf(&b, "\n  airtable: %s/v0/meta/enterpriseAccounts/...", base)
	if fixtures == "" {
		b.WriteString("  Authorization: Bearer patEmuAdmin000001.admin (enterprise entEmulator000001)")
	}
	fmt.Fprintf(&b, "\n  parcel:   %s/whitelist/...", base)
	if fixtures == "" {
		b.WriteString("                 Authorization: prod_EmulatorDefaultHubKey0001")
	}
	fmt.Fprintf(&b, "\n  admin:    %s%s/health\n", base, emulator.AdminPrefix)
	return b.String()
}

// healthcheck asks the emulator at --addr for its health, for container HEALTHCHECKs (no curl in
// the image). A wildcard listen address is checked on loopback.
func healthcheck(args []string, env func(string) string, stderr io.Writer) int {
	cfg, err := parseConfig("accessemu healthcheck", args, env, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "accessemu healthcheck:", err)
		return 2
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		fmt.Fprintln(stderr, "accessemu healthcheck:", err)
		return 2
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	req, err := http.NewRequest(http.MethodGet, "http://"+net.JoinHostPort(host, port)+emulator.AdminPrefix+"/health", nil)
	if err != nil {
		fmt.Fprintln(stderr, "accessemu healthcheck:", err)
		return 2
	}
	if cfg.AdminToken != "" {
		req.Header.Set("Authorization", "Bearer "+cfg.AdminToken)
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		fmt.Fprintln(stderr, "accessemu healthcheck:", err)
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(stderr, "accessemu healthcheck: status", resp.Status)
		return 1
	}
	return 0
}
