package accessemu_test

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// imageSizeLimit is what the image (uncompressed) must weigh less than: 15 MB in the decimal units
// `docker images` shows.
const imageSizeLimit = 15_000_000

func TestImage_SizeUserLabelsHealthcheckAndDataVolume(t *testing.T) {
	t.Parallel()
	var info []struct {
		Size   int64
		Config struct {
			User        string
			Env         []string
			Labels      map[string]string
			Volumes     map[string]struct{}
			Entrypoint  []string
			Healthcheck struct{ Test []string }
		}
	}
	if err := json.Unmarshal([]byte(docker(t, "image", "inspect", image)), &info); err != nil || len(info) != 1 {
		t.Fatalf("image inspect: %v", err)
	}
	img := info[0]
	if img.Size >= imageSizeLimit {
		t.Errorf("image is %d bytes, not under %d", img.Size, imageSizeLimit)
	}
	t.Logf("image %s: %d bytes", image, img.Size)
	if img.Config.User != "65532:65532" {
		t.Errorf("user %q, want the non-root 65532:65532", img.Config.User)
	}
	labels := img.Config.Labels
	for name, want := range map[string]string{
		"org.opencontainers.image.source":   "https://github.com/accessemu/accessemu",
		"org.opencontainers.image.licenses": "Apache-2.0",
		"org.opencontainers.image.title":    "accessemu",
	} {
		if labels[name] != want {
			t.Errorf("label %s = %q, want %q", name, labels[name], want)
		}
	}
	version := labels["org.opencontainers.image.version"]
	if version == "" || version == "devel" {
		t.Errorf("label org.opencontainers.image.version = %q, want the built version", version)
	}
	if got := docker(t, "run", "--rm", image, "version"); got != "accessemu "+version {
		t.Errorf("accessemu version prints %q, want %q (the label)", got, "accessemu "+version)
	}
	if want := []string{"CMD", "/accessemu", "healthcheck"}; !reflect.DeepEqual(img.Config.Healthcheck.Test, want) {
		t.Errorf("healthcheck %q, want %q", img.Config.Healthcheck.Test, want)
	}
	if _, ok := img.Config.Volumes["/data"]; !ok {
		t.Errorf("volumes %v, want /data", img.Config.Volumes)
	}
	if !slices.ContainsFunc(img.Config.Env, func(kv string) bool { return strings.HasPrefix(kv, "ACCESSEMU_STATE_FILE=/data/") }) {
		t.Errorf("env %q sets no state file in /data", img.Config.Env)
	}
}

// The multi-stage Dockerfile (for builders with a registry) ends in the same image as the one CI
// builds: only the binary's and the data directory's sources differ.
func TestDockerfiles_MultistageEndsInTheSameFinalStage(t *testing.T) {
	finalStage := func(path string) []string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, stage, ok := strings.Cut(string(b), "\nFROM scratch\n")
		if !ok {
			t.Fatalf("%s has no FROM scratch stage", path)
		}
		var lines []string
		for _, l := range strings.Split(stage, "\n") {
			if !strings.HasPrefix(l, "COPY ") {
				lines = append(lines, l)
			}
		}
		return lines
	}
	ci, multi := finalStage("../../Dockerfile"), finalStage("../../Dockerfile.multistage")
	if !reflect.DeepEqual(ci, multi) {
		t.Fatalf("final stages differ:\nDockerfile:\n%s\nDockerfile.multistage:\n%s", strings.Join(ci, "\n"), strings.Join(multi, "\n"))
	}
}
