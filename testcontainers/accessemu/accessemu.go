// Package accessemu starts the accessemu emulator as a container for Go tests, following the
// testcontainers-go module conventions: Run(ctx, image, opts...) returns a *Container that gives the
// base URL to point a real Adapty, Airtable or Parcel client at, a tenant's base URL, and the typed
// admin API client (emulatortest.Client, the same code the in-process emulatortest helpers use).
//
// It lives in its own Go module so that users of the in-process library never download the Docker
// client. Where no image can be pulled (an offline CI), testcontainers' Ryuk reaper cannot start:
// set TESTCONTAINERS_RYUK_DISABLED=true and terminate containers yourself (t.Cleanup).
package accessemu

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/emulator/emulatortest"
)

// Port is the container port the emulator listens on.
const Port = "8080/tcp"

// DefaultImage is the tag scripts/build-image.sh gives the image it builds.
const DefaultImage = "accessemu:local"

// Container is a running accessemu container.
type Container struct {
	testcontainers.Container
	adminToken string
}

// Run starts an accessemu container from img (an image built from the repository's Dockerfile)
// and waits until its readiness route answers. On an error after the container was created, the
// returned *Container is not nil, so it can still be terminated.
func Run(ctx context.Context, img string, opts ...testcontainers.ContainerCustomizer) (*Container, error) {
	all := append([]testcontainers.ContainerCustomizer{testcontainers.WithExposedPorts(Port)}, opts...)
	// Last, so that the wait sees the admin token however it was given.
	all = append(all, testcontainers.CustomizeRequestOption(waitForReadiness))
	ctr, err := testcontainers.Run(ctx, img, all...)
	var c *Container
	if ctr != nil {
		c = &Container{Container: ctr}
	}
	if err != nil {
		return c, fmt.Errorf("run accessemu: %w", err)
	}
	info, err := ctr.Inspect(ctx)
	if err != nil {
		return c, fmt.Errorf("run accessemu: %w", err)
	}
	for _, kv := range info.Config.Env {
		if v, ok := strings.CutPrefix(kv, "ACCESSEMU_ADMIN_TOKEN="); ok {
			c.adminToken = v
		}
	}
	return c, nil
}

// waitForReadiness waits on the emulator's readiness route (not a log line, not a sleep), with the
// admin token when one is set, unless the caller chose another wait strategy.
func waitForReadiness(req *testcontainers.GenericContainerRequest) error {
	if req.WaitingFor != nil {
		return nil
	}
	ready := wait.ForHTTP(emulator.AdminPrefix + "/ready").WithPort(Port).
		WithStatusCodeMatcher(func(status int) bool { return status == http.StatusOK }).
		WithPollInterval(100 * time.Millisecond).
		WithStartupTimeout(60 * time.Second)
	if token := req.Env["ACCESSEMU_ADMIN_TOKEN"]; token != "" {
		ready = ready.WithHeaders(map[string]string{"Authorization": "Bearer " + token})
	}
	req.WaitingFor = ready
	return nil
}

// BaseURL is the emulator's root URL on the host (http://host:port), for the default tenant and
// the admin API. Ask again after a restart: the mapped port may change.
func (c *Container) BaseURL(ctx context.Context) (string, error) {
	return c.PortEndpoint(ctx, Port, "http")
}

// TenantURL is the base URL that makes a client's requests act on the given tenant.
func (c *Container) TenantURL(ctx context.Context, tenant string) (string, error) {
	base, err := c.BaseURL(ctx)
	if err != nil || tenant == emulator.DefaultTenant {
		return base, err
	}
	return base + "/t/" + tenant, nil
}

// Admin is the typed admin API client for the default tenant (Admin(ctx).ForTenant(name) for
// another), carrying the admin token the container was started with.
func (c *Container) Admin(ctx context.Context) (*emulatortest.Client, error) {
	base, err := c.BaseURL(ctx)
	if err != nil {
		return nil, err
	}
	return emulatortest.NewClient(base).WithToken(c.adminToken), nil
}
