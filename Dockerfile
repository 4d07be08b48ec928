# provcheck as a container image: one static binary (the trust lists are
# embedded in it), no shell, no package manager, running as a non-root
# user on a read-only root filesystem.
#
#   docker build -t provcheck .
#   docker run --rm --read-only -v "$PWD:/data:ro" provcheck scan /data
#
# deploy/dockerfile_test.go runs the build stage's go build line and checks
# that it yields a static binary that runs as a non-root user.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/provcheck ./cmd/provcheck

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/provcheck /usr/local/bin/provcheck
# distroless' nonroot user; the results cache and temporary files go to
# /tmp, which a read-only deployment mounts as a writable emptyDir.
USER 65532:65532
ENV XDG_CACHE_HOME=/tmp/cache TMPDIR=/tmp
ENTRYPOINT ["provcheck"]
CMD ["--help"]
