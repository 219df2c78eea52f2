# gatepost — see README.md. `make run` starts the console on a demo facility
# kept in .data/ (created on first run); `make test` runs every test.
# The toolchain is pinned: the go command fetches this release from the module
# proxy once per machine (about 76 MB) and uses it from then on.
export GOTOOLCHAIN := go1.27.3
GO    ?= go
BIN   ?= bin/gatepost
DATA  ?= $(CURDIR)/.data
PKGS  ?= ./...

# What `gatepost version` says of a `make build` (the release build sets the
# same from goreleaser): the version from git (a tag, else the commit), the
# commit and its date. Without git they stay empty and the binary says "dev".
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null)
DATE    ?= $(shell git log -1 --format=%cI 2>/dev/null)
LDFLAGS := -X gatepost/internal/buildinfo.version=$(VERSION) \
           -X gatepost/internal/buildinfo.commit=$(COMMIT) \
           -X gatepost/internal/buildinfo.date=$(DATE)

.PHONY: build run test bench lint vulncheck fuzz clean release release-check

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/gatepost

# The first run fills thirty days of the demo facility's records (about
# 10 s), so the console opens on a centre at work, not an empty log; later
# runs leave .data/ as it is.
run: build
	@test -s $(DATA)/terminal.db || $(BIN) --data $(DATA) demo --records 25500
	$(BIN) --data $(DATA)

test:
	$(GO) test -count=1 $(PKGS)

bench:
	$(GO) test -run='^$$' -bench=. -benchmem $(PKGS)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	GOOS=windows $(GO) vet $(PKGS)
	$(GO) tool staticcheck $(PKGS)
	@$(MAKE) --no-print-directory vulncheck

# govulncheck, offline: its vulnerability database is built from the
# golang.org/x/vulndb module (a Go module like any other, from the module
# proxy) into .cache/, once per VULNDB version, and read as a file:// URL;
# nothing is asked of vuln.go.dev. The database is as new as VULNDB: move
# it forward to learn of newer vulnerabilities. Both tools run pinned with
# `go run …@version`, so neither enters go.mod.
VULNCHECK ?= golang.org/x/vuln/cmd/govulncheck@v1.9.0
VULNDB    ?= v0.0.0-20261105234957-e22db6528018
VULNDIR   := $(CURDIR)/.cache/vulndb/$(VULNDB)
vulncheck: $(VULNDIR)/index/db.json
	$(GO) run $(VULNCHECK) -db file://$(VULNDIR) $(PKGS)

$(VULNDIR)/index/db.json:
	@rm -rf $(VULNDIR).tmp
	$(GO) run golang.org/x/vulndb/cmd/indexdb@$(VULNDB) \
	  -vulns "$$($(GO) env GOMODCACHE)/golang.org/x/vulndb@$(VULNDB)/data/osv" -out $(VULNDIR).tmp
	@rm -rf $(VULNDIR) && mv $(VULNDIR).tmp $(VULNDIR)

# Runs each fuzzer briefly; corpora that find something land in testdata/fuzz.
FUZZTIME ?= 20s
fuzz:
	@for p in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$p/*_test.go | sed 's/func //'); do \
	    echo "== $$p $$f"; $(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) $$p || exit 1; \
	  done; \
	done

clean:
	rm -rf bin dist completions

# Releases (.goreleaser.yaml): goreleaser runs pinned through `go run`, so
# that its many dependencies stay out of go.mod. The first run builds it
# (a few minutes); later runs start at once from the build cache.
# `make release` makes a snapshot release in dist/: archives for every
# platform, checksums, .deb and .rpm. It publishes nothing.
GORELEASER ?= $(GO) run github.com/goreleaser/goreleaser/v2@v2.15.1
release:
	$(GORELEASER) release --snapshot --clean

release-check:
	$(GORELEASER) check

# The hub's PostgreSQL half: starts a throwaway PostgreSQL (Debian's, run as
# the postgres user when we are root; see scripts/pg-test-server.sh), runs
# the tests with GATEPOST_TEST_PG pointing at it, and stops it. `make test`
# runs the same tests when GATEPOST_TEST_PG names a server, and skips them
# otherwise (outside CI). `make test-pg PKGS=./hub/...` for the hub alone.
.PHONY: test-pg bench-pg
test-pg:
	@dir=$$(mktemp -d); \
	url=$$(scripts/pg-test-server.sh start "$$dir") || { rm -rf "$$dir"; exit 1; }; \
	trap 'scripts/pg-test-server.sh stop "$$dir"' EXIT; \
	echo "PostgreSQL at $$url"; \
	GATEPOST_TEST_PG="$$url" $(GO) test -count=1 $(PKGS)

# Ingest benchmarks on both backends and the COPY limit (README, "The hub on
# PostgreSQL").
PGBENCH ?= BenchmarkBackendIngest|BenchmarkPostgresIngestVsCopy|BenchmarkPostgresInsertPaths
bench-pg:
	@dir=$$(mktemp -d); \
	url=$$(scripts/pg-test-server.sh start "$$dir") || { rm -rf "$$dir"; exit 1; }; \
	trap 'scripts/pg-test-server.sh stop "$$dir"' EXIT; \
	GATEPOST_TEST_PG="$$url" $(GO) test -run='^$$' -bench='$(PGBENCH)' -benchtime=3x ./hub
