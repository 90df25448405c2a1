// Command accessemu runs the emulator of the Adapty, Airtable and Parcel access-management APIs.
//
//	accessemu [flags]              serve (accessemu --help lists the flags)
//	accessemu healthcheck [flags]  exit 0 when the emulator at --addr answers its health check
//	accessemu errors               list every provider's named errors with their bodies
//	accessemu scenarios            list the shipped scenarios
//	accessemu validate FILE...     check fixture and scenario files without serving
//	accessemu fixtures generate    write a deterministic fixture world of any size
//	accessemu version              print the version (also --version)
//	accessemu help [COMMAND]       show the help, or a command's
package main

import (
	"context"
	"errors"
	"flag"
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
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		if args[0] == "help" {
			return help(args[1:], env, stdout, stderr)
		}
		c, ok := findCommand(args[0])
		if !ok {
			fmt.Fprintf(stderr, "accessemu: unknown command %q; accessemu help lists the commands\n", args[0])
			return 2
		}
		return c.run(args[1:], env, stdout, stderr)
	}
	cfg, err := parseConfig(args, env)
	switch {
	case errors.Is(err, flag.ErrHelp):
		usage(stdout, env)
		return 0
	case err != nil:
		fmt.Fprintf(stderr, "accessemu: %v\n", err)
		return 2
	case cfg.Version:
		fmt.Fprintln(stdout, "accessemu", emulator.Version)
		return 0
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg, env, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "accessemu:", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, cfg config, env func(string) string, stdout, stderr io.Writer) error {
	log := cfg.logger(stderr)
	emu, err := emulator.New(emulator.Options{
		FixturesFile: cfg.Fixtures, Logger: log, JournalSize: cfg.JournalSize, AdminToken: cfg.AdminToken,
		Scenarios: cfg.Scenarios, MaxBodyBytes: cfg.MaxBodyBytes, StateFile: cfg.StateFile, StateSyncByOS: cfg.StateSync == "os",
		MaxTenants: cfg.MaxTenants, ReadTimeout: cfg.ReadTimeout,
	})
	if err != nil {
		return err
	}
	// Once the world is loaded: its garbage is collected as before, and idle memory stays as low.
	defer tuneGC(env)()
	ln, err := net.Listen("tcp", cfg.Addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%w\n  another process holds %s (an accessemu started with go run keeps running when only go run is killed; see the README's Troubleshooting): stop it, or pick a free port with --addr 127.0.0.1:0", err, cfg.Addr)
	}
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

// banner tells a person what is served and, for the default world, with which credentials.
func banner(base, fixtures string) string {
	providers := emulator.Registry()
	nameWidth, pathWidth := len("inspector"), 0
	for _, p := range providers {
		nameWidth = max(nameWidth, len(p.Name()))
		pathWidth = max(pathWidth, len(p.Describe().Paths))
	}
	var b strings.Builder
	line := func(name, value string) { fmt.Fprintf(&b, "  %-*s %s", nameWidth+1, name+":", value) }
	line("fixtures", fixturesName(fixtures)+"\n")
	for _, p := range providers {
		d := p.Describe()
		line(p.Name(), base+d.Paths)
		if fixtures == "" {
			fmt.Fprintf(&b, "%*s  %s: %s", pathWidth-len(d.Paths), "", d.Credential.Header, d.Credential.Value)
			if d.Credential.Note != "" {
				fmt.Fprintf(&b, " (%s)", d.Credential.Note)
			}
		}
		b.WriteString("\n")
	}
	line("admin", base+emulator.AdminPrefix+"/health\n")
	line("inspector", base+emulator.AdminPrefix+"/ui\n")
	return b.String()
}

// healthcheck asks the emulator at --addr for its health, for container HEALTHCHECKs (no curl in
// the image). A wildcard listen address is checked on loopback.
func healthcheck(args []string, env func(string) string, stdout, stderr io.Writer) int {
	var cfg config
	fs := flag.NewFlagSet("accessemu healthcheck", flag.ContinueOnError)
	f := &envFlags{fs: fs, env: env}
	f.addrFlags(&cfg, "`HOST:PORT` of the emulator to check (a wildcard host is checked on 127.0.0.1)")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	err := f.err
	if err == nil && fs.NArg() > 0 {
		err = fmt.Errorf("unexpected argument %q; it takes only --addr and --admin-token", fs.Arg(0))
	}
	if err == nil {
		err = checkAddr(cfg.Addr)
	}
	if err != nil {
		fmt.Fprintln(stderr, "accessemu healthcheck:", err)
		return 2
	}
	host, port, _ := net.SplitHostPort(cfg.Addr)
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
