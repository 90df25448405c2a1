package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/generate"
)

// fixturesCommand runs "accessemu fixtures generate": a deterministic world of any size, for load
// tests (same flags, same bytes).
func fixturesCommand(args []string, _ func(string) string, stdout, stderr io.Writer) int {
	providers := emulator.Registry()
	if len(args) == 0 || args[0] != "generate" {
		if code, done := parseFlags(flag.NewFlagSet("accessemu fixtures", flag.ContinueOnError), args, stdout, stderr); done {
			return code
		}
		usage := "usage: accessemu fixtures generate --seed N"
		for _, p := range providers {
			usage += " [--" + p.Describe().Generate.Flag + " N]"
		}
		fmt.Fprintln(stderr, usage+" [--expand] [-o FILE]")
		return 2
	}
	fs := flag.NewFlagSet("accessemu fixtures generate", flag.ContinueOnError)
	var o generate.Options
	fs.Int64Var(&o.Seed, "seed", 1, "seed of the fake data: the same seed and counts give the same file")
	counts := make([]int, len(providers))
	for i, p := range providers {
		g := p.Describe().Generate
		fs.IntVar(&counts[i], g.Flag, 0, g.Usage)
	}
	fs.BoolVar(&o.Expand, "expand", false, "write every generated identity as a fixture item, rather than one generated_* directive per provider that loads into the same world")
	out := fs.String("o", "", "file to write (default: standard output)")
	if code, done := parseFlags(fs, args[1:], stdout, stderr); done {
		return code
	}
	o.Counts = map[string]int{}
	for i, p := range providers {
		o.Counts[p.Name()] = counts[i]
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "accessemu fixtures generate: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "accessemu fixtures generate:", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	if err := generate.Write(w, providers, o); err != nil {
		fmt.Fprintln(stderr, "accessemu fixtures generate:", err)
		return 1
	}
	return 0
}
