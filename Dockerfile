# The image CI builds and tests: scripts/build-image.sh compiles a static binary with the local Go
# toolchain and builds this file in a context holding it, so nothing is pulled from a registry.
# With a registry at hand, Dockerfile.multistage compiles inside the build instead.
FROM scratch
ARG VERSION=devel
ARG REVISION=unknown
LABEL org.opencontainers.image.title="accessemu" \
      org.opencontainers.image.description="Emulator of the Adapty, Airtable Enterprise and Parcel access-management APIs" \
      org.opencontainers.image.source="https://github.com/accessemu/accessemu" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
COPY accessemu /accessemu
# scratch has no chown: the data directory gets its non-root owner as it is copied in. A named
# volume mounted on /data starts with this owner too.
COPY --chown=65532:65532 data /data
USER 65532:65532
# In a container the emulator listens on every interface; outside one it defaults to 127.0.0.1.
ENV ACCESSEMU_ADDR=0.0.0.0:8080 \
    ACCESSEMU_STATE_FILE=/data/accessemu.state
VOLUME /data
EXPOSE 8080
# The binary checks itself (no curl in the image), on the port ACCESSEMU_ADDR names.
HEALTHCHECK --interval=2s --timeout=3s --start-period=5s --retries=3 CMD ["/accessemu", "healthcheck"]
ENTRYPOINT ["/accessemu"]
