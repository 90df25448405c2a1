#!/usr/bin/env bash
# Builds an image without pulling anything: the local Go toolchain compiles a static binary, and a
# Dockerfile copies it into an empty (scratch) image. CI and the container tests use it.
#
#   scripts/build-image.sh [TAG [PACKAGE DOCKERFILE]]
#     TAG         default accessemu:local
#     PACKAGE     Go main package, default ./cmd/accessemu; the binary is named after its directory
#     DOCKERFILE  default Dockerfile
#   VERSION=v1.2.3 scripts/build-image.sh accessemu:v1.2.3
set -euo pipefail
cd "$(dirname "$0")/.."

tag=${1:-accessemu:local}
package=${2:-./cmd/accessemu}
dockerfile=${3:-Dockerfile}
version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo devel)}
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
# Compile for the engine's platform, which may differ from this machine's (a VM on a laptop).
arch=$(docker version --format '{{.Server.Arch}}')

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
# Trades some throughput, which an emulator in a container can spare, for size (a smaller image):
# - gofakeit registers text/template functions at start-up, which stops the linker from dropping any
#   unused exported method; without inlining (-gcflags=all=-l) the binary is 1.7 MB smaller.
# - nethttpomithttp2 leaves out net/http's HTTP/2, which the emulator never speaks (plain HTTP/1.1).
# - purego uses the standard library's Go code instead of its assembly in crypto (on a request's path:
#   only the SHA-256 of the presented credential, about 1 µs instead of 0.2 µs).
# - functions aligned to 16 bytes (as GCC does) instead of Go's 32.
# Dockerfile.multistage builds with the same flags.
CGO_ENABLED=0 GOOS=linux GOARCH="$arch" go build -trimpath -tags nethttpomithttp2,purego -gcflags=all=-l \
  -ldflags "-s -w -funcalign=8 -X github.com/accessemu/accessemu/emulator.Version=$version" \
  -o "$context/$(basename "$package")" "$package"
mkdir "$context/data" # the data volume's mount point, given its non-root owner by the Dockerfile
cp "$dockerfile" "$context/Dockerfile"

# The classic builder needs no buildx plugin and no pull for a scratch image.
buildkit=0
if docker buildx version >/dev/null 2>&1; then buildkit=1; fi
if ! log=$(DOCKER_BUILDKIT=$buildkit docker build \
  --build-arg VERSION="$version" --build-arg REVISION="$revision" \
  --tag "$tag" "$context" 2>&1); then
  echo "$log" >&2
  exit 1
fi
echo "built $tag ($(basename "$package") $version)"
