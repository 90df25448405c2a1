package main

import (
	"os"
	"strconv"
	"strings"
)

// cpuSample is the machine's and this process's (with its waited-for children's) CPU time, in
// clock ticks, to tell how much of the machine other processes took during a run: a benchmark
// on a shared machine is only as good as its quiet.
type cpuSample struct {
	total, idle, ours int64
}

func sampleCPU() cpuSample {
	var s cpuSample
	if data, err := os.ReadFile("/proc/stat"); err == nil {
		line, _, _ := strings.Cut(string(data), "\n")
		for i, f := range strings.Fields(line)[1:] {
			n, _ := strconv.ParseInt(f, 10, 64)
			if i < 8 { // user nice system idle iowait irq softirq steal
				s.total += n
			}
			if i == 3 || i == 4 {
				s.idle += n
			}
		}
	}
	if data, err := os.ReadFile("/proc/self/stat"); err == nil {
		// Fields after the command's closing parenthesis; utime is the 14th field overall.
		rest := string(data[strings.LastIndexByte(string(data), ')')+2:])
		f := strings.Fields(rest)
		for _, i := range []int{11, 12, 13, 14} { // utime stime cutime cstime
			if i < len(f) {
				n, _ := strconv.ParseInt(f[i], 10, 64)
				s.ours += n
			}
		}
	}
	return s
}

// othersShare is the share of the machine's CPU that other processes used between two samples.
func othersShare(a, b cpuSample) float64 {
	total := b.total - a.total
	if total <= 0 {
		return 0
	}
	others := (b.total - a.total) - (b.idle - a.idle) - (b.ours - a.ours)
	return max(0, float64(others)/float64(total))
}
