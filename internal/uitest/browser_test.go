package uitest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/apitest"
)

// browser is the one Chromium every test of the package opens its tabs in.
var browser struct {
	ctx context.Context
	err error
}

func TestMain(m *testing.M) {
	profile, err := os.MkdirTemp("", "accessemu-chromium")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cancel := startBrowser(profile)
	code := m.Run()
	cancel()
	os.RemoveAll(profile)
	os.Exit(code)
}

// startBrowser starts headless Chromium with a fresh profile and no network access of its own.
func startBrowser(profile string) func() {
	path := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		browser.err = errors.New("chromium is not installed (apt-get install chromium)")
		return func() {}
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 800),
	)
	ctx, cancelBrowser := chromedp.NewContext(alloc)
	// The first run starts the browser; it lives as long as ctx.
	if err := chromedp.Do(ctx); err != nil {
		browser.err = fmt.Errorf("starting %s: %w", path, err)
	}
	browser.ctx = ctx
	return func() { cancelBrowser(); cancelAlloc() }
}

// tab opens a new tab of the shared browser for the test, at 1280×800, closed when the test ends.
func tab(t *testing.T) context.Context {
	t.Helper()
	if browser.err != nil {
		// CI installs the browser: there a missing one is a failure whatever the variable says.
		if os.Getenv("ACCESSEMU_SKIP_BROWSER") == "1" && os.Getenv("CI") != "true" {
			t.Skipf("ACCESSEMU_SKIP_BROWSER=1: %v", browser.err)
		}
		t.Fatalf("%v; set ACCESSEMU_SKIP_BROWSER=1 to skip the browser tests where it cannot be installed", browser.err)
	}
	ctx, cancel := chromedp.NewContext(browser.ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// serve runs an emulator on a loopback port until the test ends, and returns its root URL.
func serve(t *testing.T, opts emulator.Options) string {
	t.Helper()
	return apitest.Serve(t, opts).URL
}

// do runs browser actions, each wait bounded so that a missing element fails the test quickly.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	t0 := time.Now()
	defer func() { t.Logf("%s: %v", what, time.Since(t0)) }()
	if err := chromedp.Do(c, steps...); err != nil {
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("%s: %v\npage text:\n%s", what, err, body)
	}
}

// waitText waits until the element sel holds text.
func waitText(sel, text string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.PollFunction[bool](`(sel, text) => { const el = document.querySelector(sel); return !!el && el.innerText.includes(text); }`,
			chromedp.WithPollingArgs(sel, text), chromedp.WithPollingInterval(25*time.Millisecond))(ctx, tg)
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("waiting for %q in %s: %w", text, sel, err)
		}
		return chromedp.Void{}, nil
	}
}

// waitGone waits until the element sel no longer holds text.
func waitGone(sel, text string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.PollFunction[bool](`(sel, text) => { const el = document.querySelector(sel); return !!el && !el.innerText.includes(text); }`,
			chromedp.WithPollingArgs(sel, text), chromedp.WithPollingInterval(25*time.Millisecond))(ctx, tg)
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("waiting for %q to leave %s: %w", text, sel, err)
		}
		return chromedp.Void{}, nil
	}
}

// click waits for the element sel and clicks it from inside the page, in one step: the page
// re-renders its lists as answers arrive, and a node looked up before a re-render and clicked
// after it would be gone.
func click(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.PollFunction[bool](`(sel) => { const el = document.querySelector(sel); if (!el || el.disabled) return false; el.click(); return true; }`,
			chromedp.WithPollingArgs(sel), chromedp.WithPollingInterval(25*time.Millisecond))(ctx, tg)
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("clicking %s: %w", sel, err)
		}
		return chromedp.Void{}, nil
	}
}

// eval runs a script in the page, ignoring its value.
func eval(js string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[any](js)(ctx, tg)
		return chromedp.Void{}, err
	}
}

// text reads an element's visible text.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(c, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// screenshot saves the viewport (or the whole page) as name.png into $ACCESSEMU_SCREENSHOTS, when
// it is set.
func screenshot(t *testing.T, ctx context.Context, name string, whole bool) {
	t.Helper()
	dir := os.Getenv("ACCESSEMU_SCREENSHOTS")
	if dir == "" {
		return
	}
	shot := chromedp.CaptureScreenshot()
	if whole {
		shot = chromedp.FullScreenshot(100) // 100: PNG
	}
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// call sends a request to the emulator as a client would and returns the status and body.
func call(t *testing.T, method, url, body string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
