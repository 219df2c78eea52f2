#!/usr/bin/env bash
# A throwaway PostgreSQL for the hub's tests and benchmarks.
#
#   scripts/pg-test-server.sh start DIR   # prints the server's URL on stdout
#   scripts/pg-test-server.sh stop DIR    # stops it and removes DIR
#
# DIR must not exist or be empty; it holds the cluster, its log and its
# socket. The server listens only on a unix socket inside DIR (no TCP port,
# so nothing can collide with another server on the machine and nothing
# outside the machine can reach it), trusts local connections, and has one
# database, gatepost_test. Use the URL as GATEPOST_TEST_PG:
#
#   dir=$(mktemp -d); export GATEPOST_TEST_PG=$(scripts/pg-test-server.sh start "$dir")
#   go test ./hub/...; scripts/pg-test-server.sh stop "$dir"
#
# PostgreSQL refuses to run as root: as root the cluster is made and run by
# the postgres user (Debian's package creates it), otherwise by the caller.
# The binaries are found with pg_config or under /usr/lib/postgresql; set
# PG_BIN to choose others.
set -euo pipefail

die() { echo "pg-test-server: $*" >&2; exit 1; }

find_bin() {
	if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
	local d
	# Debian puts the server binaries off PATH; take the newest major version.
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
		if [ -x "$d/initdb" ]; then echo "$d"; return; fi
	done
	if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
		pg_config --bindir; return
	fi
	die "no PostgreSQL server binaries (initdb) found: apt-get install -y postgresql, or set PG_BIN"
}

# as runs a command as the cluster's owner.
as() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: $0 start|stop DIR"

case "$cmd" in
start)
	bin=$(find_bin)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	[ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
	# The socket path must fit in sun_path (107 bytes) with .s.PGSQL.5432.
	[ ${#dir} -le 80 ] || die "$dir is too long a path for a unix socket; use a shorter one (mktemp -d)"
	mkdir -p "$dir/data" "$dir/run"
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user to run the server as"
		chown -R postgres: "$dir"
		# mktemp -d makes DIR 0700: the postgres user must be able to enter it.
		chmod 0755 "$dir"
	fi
	as "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 -N \
		>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
	# listen_addresses='': the socket only. fsync stays on: the benchmarks
	# compare PostgreSQL with SQLite, which syncs every commit too.
	cat >>"$dir/data/postgresql.conf" <<-EOF
		listen_addresses = ''
		unix_socket_directories = '$dir/run'
		port = 5432
		max_connections = 200
		shared_buffers = 256MB
		log_min_messages = warning
	EOF
	as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
		|| { cat "$dir/server.log" >&2; die "the server did not start"; }
	as "$bin/createdb" -h "$dir/run" -p 5432 -U postgres gatepost_test \
		|| die "createdb failed"
	echo "postgres://postgres@/gatepost_test?host=$dir/run&port=5432&sslmode=disable"
	;;
stop)
	[ -d "$dir" ] || exit 0
	if [ -f "$dir/data/postmaster.pid" ]; then
		bin=$(find_bin)
		# fast: roll back open sessions (a test killed mid-way) instead of waiting.
		as "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || true
	fi
	rm -rf "$dir"
	;;
*)
	die "usage: $0 start|stop DIR"
	;;
esac
