package loadgen

import (
	"bytes"
	"net/http"
)

// Recorder is a reusable http.ResponseWriter for driving a handler in a loop: Reset between
// requests, so the loop adds no garbage of its own to what is measured.
type Recorder struct {
	header http.Header
	Code   int
	Body   bytes.Buffer
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder { return &Recorder{header: http.Header{}} }

// Header is part of http.ResponseWriter.
func (r *Recorder) Header() http.Header { return r.header }

// WriteHeader is part of http.ResponseWriter.
func (r *Recorder) WriteHeader(code int) {
	if r.Code == 0 {
		r.Code = code
	}
}

// Write is part of http.ResponseWriter.
func (r *Recorder) Write(p []byte) (int, error) {
	if r.Code == 0 {
		r.Code = http.StatusOK
	}
	return r.Body.Write(p)
}

// Reset empties the recorder for the next request.
func (r *Recorder) Reset() {
	clear(r.header)
	r.Code = 0
	r.Body.Reset()
}
