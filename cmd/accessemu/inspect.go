package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator"
)

// listErrors prints the error catalogue: provider.name, status and the exact body.
func listErrors(args []string, _ func(string) string, stdout, stderr io.Writer) int {
	if code, done := noArgs("errors", args, stdout, stderr); done {
		return code
	}
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		fmt.Fprintln(stderr, "accessemu errors:", err)
		return 1
	}
	for _, e := range emu.Catalogue() {
		fmt.Fprintf(stdout, "%s.%s\t%d\t%s\n", e.Provider, e.Name, e.Status, e.Body)
	}
	return 0
}

// listScenarios prints the shipped scenarios with their descriptions.
func listScenarios(args []string, _ func(string) string, stdout, stderr io.Writer) int {
	if code, done := noArgs("scenarios", args, stdout, stderr); done {
		return code
	}
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		fmt.Fprintln(stderr, "accessemu scenarios:", err)
		return 1
	}
	for _, s := range emu.Scenarios() {
		fmt.Fprintf(stdout, "%s\t%s\n", s.Name, strings.TrimSpace(s.Description))
	}
	return 0
}

// validate checks fixture and scenario files (a document with rules: is a scenario) and reports
// each problem with its file and line; it exits 1 when any file is wrong.
func validate(args []string, _ func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("accessemu validate", flag.ContinueOnError)
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintln(stderr, "accessemu validate: name at least one fixture or scenario file")
		return 2
	}
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		fmt.Fprintln(stderr, "accessemu validate:", err)
		return 1
	}
	code := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err == nil {
			if isScenario(data) {
				_, err = emu.ParseScenario(f, data)
			} else {
				err = emu.CheckFixtures(f, data)
			}
		}
		if err != nil {
			fmt.Fprintln(stderr, err)
			code = 1
			continue
		}
		fmt.Fprintf(stdout, "%s: ok\n", f)
	}
	return code
}

func isScenario(data []byte) bool {
	var top map[string]any
	if yaml.Unmarshal(data, &top) != nil {
		return false
	}
	_, rules := top["rules"]
	return rules
}
