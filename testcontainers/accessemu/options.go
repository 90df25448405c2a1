package accessemu

import (
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/testcontainers/testcontainers-go"
)

// Where options put files and state inside the container.
const (
	fixturesDir  = "/etc/accessemu"
	scenariosDir = "/etc/accessemu/scenarios"
	// DataDir is the image's data volume, where the state file lives (ACCESSEMU_STATE_FILE).
	DataDir = "/data"
)

// WithFixturesFile serves the fixture file at hostPath instead of the embedded default world.
func WithFixturesFile(hostPath string) testcontainers.CustomizeRequestOption {
	return withFixtures(testcontainers.ContainerFile{HostFilePath: hostPath})
}

// WithFixtures serves a fixture document instead of the embedded default world.
func WithFixtures(yaml string) testcontainers.CustomizeRequestOption {
	return withFixtures(testcontainers.ContainerFile{Reader: strings.NewReader(yaml)})
}

func withFixtures(f testcontainers.ContainerFile) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		f.ContainerFilePath, f.FileMode = fixturesDir+"/fixtures.yaml", 0o644
		req.Files = append(req.Files, f)
		return testcontainers.WithEnv(map[string]string{"ACCESSEMU_FIXTURES": f.ContainerFilePath})(req)
	}
}

// WithScenarios activates shipped scenarios (accessemu scenarios lists them) in every tenant from
// the start; it adds to earlier scenario options.
func WithScenarios(names ...string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		return addScenarios(req, names)
	}
}

// WithScenarioFiles activates scenario files from the host in every tenant from the start; it adds
// to earlier scenario options.
func WithScenarioFiles(hostPaths ...string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		var inContainer []string
		for _, p := range hostPaths {
			// A directory each, so that two files of the same name do not overwrite each other.
			dst := path.Join(scenariosDir, strconv.Itoa(len(req.Files)), filepath.Base(p))
			req.Files = append(req.Files, testcontainers.ContainerFile{HostFilePath: p, ContainerFilePath: dst, FileMode: 0o644})
			inContainer = append(inContainer, dst)
		}
		return addScenarios(req, inContainer)
	}
}

func addScenarios(req *testcontainers.GenericContainerRequest, names []string) error {
	list := names
	if old := req.Env["ACCESSEMU_SCENARIOS"]; old != "" {
		list = append([]string{old}, names...)
	}
	return testcontainers.WithEnv(map[string]string{"ACCESSEMU_SCENARIOS": strings.Join(list, ",")})(req)
}

// WithAdminToken protects the admin API with a bearer token; the container's Admin client and the
// readiness wait send it.
func WithAdminToken(token string) testcontainers.CustomizeRequestOption {
	return testcontainers.WithEnv(map[string]string{"ACCESSEMU_ADMIN_TOKEN": token})
}

// WithStateVolume keeps the emulator's state in the named Docker volume (created if missing), so a
// later container on the same volume starts with the state this one left. Terminating the
// container keeps a named volume; remove it with docker volume rm.
func WithStateVolume(name string) testcontainers.CustomizeRequestOption {
	return testcontainers.WithMounts(testcontainers.VolumeMount(name, DataDir))
}
