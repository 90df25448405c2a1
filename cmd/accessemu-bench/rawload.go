package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/accessemu/accessemu/internal/loadgen"
)

// rawLoader drives an endpoint's loop over plain HTTP/1.1 keep-alive connections with requests
// written out once as bytes and answers parsed by hand: a few microseconds of client CPU per request,
// so that on its own core it can saturate a server pinned to the other one (net/http's client costs
// about as much per request as the server being measured).
type rawLoader struct {
	addr   string
	base   string // http://addr
	ep     loadgen.Endpoint
	strict bool
	conns  []*rawConn
	// Totals over the measured runs.
	requests, errors int
	seconds          float64
	latencies        []time.Duration
}

// rawConn is one connection with its tenant's two requests, written out.
type rawConn struct {
	tenant string
	conn   net.Conn
	rd     *bufio.Reader
	reqs   [2][]byte
	next   int
	body   bytes.Buffer
}

func newRawLoader(base string, ep loadgen.Endpoint, conns int, tenantPrefix string, strict bool) (*rawLoader, error) {
	host, ok := cutScheme(base)
	if !ok {
		return nil, fmt.Errorf("raw load: %q is not an http:// URL", base)
	}
	l := &rawLoader{addr: host, base: base, ep: ep, strict: strict}
	for c := range conns {
		rc := &rawConn{tenant: fmt.Sprintf("%s-%d", tenantPrefix, c)}
		for i := range rc.reqs {
			rc.reqs[i] = rawRequest(host, "/t/"+rc.tenant, ep.Step(i))
		}
		l.conns = append(l.conns, rc)
	}
	return l, nil
}

func cutScheme(base string) (string, bool) {
	const scheme = "http://"
	if len(base) <= len(scheme) || base[:len(scheme)] != scheme {
		return "", false
	}
	return base[len(scheme):], true
}

// rawRequest writes a request of the loop out as HTTP/1.1 bytes.
func rawRequest(host, prefix string, r *loadgen.Request) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s%s HTTP/1.1\r\nHost: %s\r\n", r.Method, prefix, r.Path, host)
	for k, v := range r.Header {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(r.Body))
	b.Write(r.Body)
	return b.Bytes()
}

// run drives every connection for d; measured runs add to the totals.
func (l *rawLoader) run(ctx context.Context, d time.Duration, measured bool) error {
	end := time.Now().Add(d)
	type tally struct {
		n, errs int
		lat     []time.Duration
		err     error
	}
	tallies := make([]tally, len(l.conns))
	var wg sync.WaitGroup
	for i, c := range l.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := &tallies[i]
			for ctx.Err() == nil {
				t0 := time.Now()
				if t0.After(end) {
					return
				}
				step := l.ep.Step(c.next)
				status, err := c.roundTrip(l.addr, c.reqs[c.next%2])
				if err != nil {
					t.err = err
					return
				}
				lat := time.Since(t0)
				c.next++
				t.n++
				if !(step.OK(status, c.body.Bytes()) || !l.strict && status == http.StatusOK) {
					t.errs++
				}
				t.lat = append(t.lat, lat)
			}
		}()
	}
	wg.Wait()
	for _, t := range tallies {
		if t.err != nil {
			return t.err
		}
	}
	if !measured {
		return nil
	}
	l.seconds += d.Seconds()
	for _, t := range tallies {
		l.requests += t.n
		l.errors += t.errs
		l.latencies = append(l.latencies, t.lat...)
	}
	return nil
}

// roundTrip sends one request on the connection (dialling it first if needed) and reads the answer
// into c.body, returning its status.
func (c *rawConn) roundTrip(addr string, req []byte) (int, error) {
	if c.conn == nil {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return 0, err
		}
		c.conn, c.rd = conn, bufio.NewReaderSize(conn, 16<<10)
	}
	if _, err := c.conn.Write(req); err != nil {
		return 0, err
	}
	return readResponse(c.rd, &c.body)
}

// readResponse reads one HTTP/1.1 answer: its status, and its body by Content-Length or chunks.
func readResponse(rd *bufio.Reader, body *bytes.Buffer) (int, error) {
	line, err := rd.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, fmt.Errorf("raw load: bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, fmt.Errorf("raw load: bad status line %q", line)
	}
	length, chunked := -1, false
	for {
		h, err := rd.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		h = bytes.TrimRight(h, "\r\n")
		if len(h) == 0 {
			break
		}
		name, value, _ := bytes.Cut(h, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case asciiEqualFold(name, "Content-Length"):
			if length, err = strconv.Atoi(string(value)); err != nil {
				return 0, fmt.Errorf("raw load: bad Content-Length %q", value)
			}
		case asciiEqualFold(name, "Transfer-Encoding"):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		}
	}
	body.Reset()
	switch {
	case chunked:
		err = readChunks(rd, body)
	case length >= 0:
		_, err = io.CopyN(body, rd, int64(length))
	}
	return status, err
}

func readChunks(rd *bufio.Reader, body *bytes.Buffer) error {
	for {
		line, err := rd.ReadSlice('\n')
		if err != nil {
			return err
		}
		size, err := strconv.ParseInt(string(bytes.TrimRight(line, "\r\n")), 16, 64)
		if err != nil {
			return fmt.Errorf("raw load: bad chunk size %q", line)
		}
		if size > 0 {
			if _, err := io.CopyN(body, rd, size); err != nil {
				return err
			}
		}
		if _, err := rd.Discard(2); err != nil { // the chunk's CRLF
			return err
		}
		if size == 0 {
			return nil
		}
	}
}

func asciiEqualFold(b []byte, s string) bool { return bytes.EqualFold(b, []byte(s)) }

// close hangs up every connection.
// forget deletes the loader's tenants from an emulator, as a test suite's clean-up would, so that
// their journals do not weigh on the next operation's runs.
func (l *rawLoader) forget() {
	for _, c := range l.conns {
		req, err := http.NewRequest(http.MethodDelete, l.base+"/__emulator/tenants/"+c.tenant, nil)
		if err != nil {
			continue
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}
}

func (l *rawLoader) close() {
	for _, c := range l.conns {
		if c.conn != nil {
			c.conn.Close()
			c.conn = nil
		}
	}
}

// p99 is the 99th percentile of the measured latencies.
func (l *rawLoader) p99() time.Duration {
	slices.Sort(l.latencies)
	return percentile(l.latencies, 0.99)
}

func (l *rawLoader) p50() time.Duration {
	slices.Sort(l.latencies)
	return percentile(l.latencies, 0.50)
}
