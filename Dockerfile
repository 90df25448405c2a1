# Multi-stage: a static binary in an empty image, running as a non-root user.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/accessemu ./cmd/accessemu

FROM scratch
COPY --from=build /out/accessemu /accessemu
USER 65532:65532
# In a container the emulator listens on every interface; outside one it defaults to 127.0.0.1.
ENV ACCESSEMU_ADDR=0.0.0.0:8080
EXPOSE 8080
# The binary checks itself (no curl in the image); it reads the same ACCESSEMU_ADDR.
HEALTHCHECK --interval=5s --timeout=3s --start-period=2s --retries=3 CMD ["/accessemu", "healthcheck"]
ENTRYPOINT ["/accessemu"]
