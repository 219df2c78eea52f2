# The gatepost hub as a container image: the static binary on a distroless
# base (no shell, no package manager, no C library), run as an unprivileged
# user, its SQLite database on a volume.
#
#   docker build -t gatepost-hub --build-arg VERSION=v1.0.0 .
#   docker run -d -p 8470:8470 -v gatepost-hub:/var/lib/gatepost gatepost-hub
#   docker run --rm -v gatepost-hub:/var/lib/gatepost gatepost-hub terminal add --facility qs01 --name gate1-pc
#
# For PostgreSQL, pass -e GATEPOST_HUB_DB=postgres://… instead of the volume.

FROM golang:1.27.3-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X gatepost/internal/buildinfo.version=${VERSION}" \
      -o /out/gatepost ./cmd/gatepost \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/gatepost /usr/bin/gatepost
COPY --from=build --chown=65532:65532 /out/data /var/lib/gatepost
ENV GATEPOST_HUB_DB=/var/lib/gatepost/hub.db
VOLUME /var/lib/gatepost
EXPOSE 8470
USER 65532:65532
# `docker run IMAGE` serves; `docker run IMAGE terminal add …` administers.
# The health check for an orchestrator is GET /healthz (the image has no
# shell or client to run one itself).
ENTRYPOINT ["/usr/bin/gatepost", "hub"]
CMD ["serve", "--addr", "0.0.0.0:8470"]
