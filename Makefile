# gatepost — see README.md. `make run` starts the console on a demo facility
# kept in .data/ (created on first run); `make test` runs every test.
# The toolchain is pinned: the go command fetches this release from the module
# proxy once per machine (about 76 MB) and uses it from then on.
export GOTOOLCHAIN := go1.27.3
GO    ?= go
BIN   ?= bin/gatepost
DATA  ?= $(CURDIR)/.data
PKGS  ?= ./...

.PHONY: build run test bench lint fuzz clean

build:
	$(GO) build -o $(BIN) ./cmd/gatepost

run: build
	@$(BIN) --data $(DATA) demo
	$(BIN) --data $(DATA)

test:
	$(GO) test -count=1 $(PKGS)

bench:
	$(GO) test -run='^$$' -bench=. -benchmem $(PKGS)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) tool staticcheck $(PKGS)

# Runs each fuzzer briefly; corpora that find something land in testdata/fuzz.
FUZZTIME ?= 20s
fuzz:
	@for p in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$p/*_test.go | sed 's/func //'); do \
	    echo "== $$p $$f"; $(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) $$p || exit 1; \
	  done; \
	done

clean:
	rm -rf bin

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
