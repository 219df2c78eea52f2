// Package pgtest gives a test a PostgreSQL database of its own on the
// server named by GATEPOST_TEST_PG, for the hub's PostgreSQL tests in any
// package. It decides, in one place, what happens without a server: the
// test skips on a developer's machine and FAILS when CI is set, because in
// CI the PostgreSQL half is not optional and a skip would let a broken
// backend land green. A server that is named but does not answer always
// fails.
//
// `make test-pg` starts a throwaway server (scripts/pg-test-server.sh) and
// sets GATEPOST_TEST_PG; or point it at any server where the tests may
// create and drop schemas named t_….
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the test server: a postgres:// URL (or a key=value DSN).
const Env = "GATEPOST_TEST_PG"

var reach struct {
	once sync.Once
	err  error
}

// Server returns the test server's DSN, or skips or fails the test as the
// package comment says.
func Server(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(Env)
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %s is not: the PostgreSQL run of the hub's tests is required in CI "+
				"(.ci/run starts a server with scripts/pg-test-server.sh)", Env)
		}
		t.Skipf("%s is not set: run `make test-pg`, or point it at a server (postgres://…)", Env)
	}
	reach.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, dsn)
		if err == nil {
			err = c.Ping(ctx)
			c.Close(ctx)
		}
		reach.err = err
	})
	if reach.err != nil {
		t.Fatalf("%s is set but PostgreSQL does not answer: %v", Env, reach.err)
	}
	return dsn
}

// Schema makes an empty schema for the test, dropped when the test ends,
// and returns a DSN whose search_path puts the hub's tables there: tests
// share one server and database yet never see each other's rows.
func Schema(t testing.TB) string {
	t.Helper()
	base := Server(t)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Error(err)
		}
	})
	return WithParam(t, base, "search_path", schema)
}

// WithParam adds a connection parameter to a DSN, URL or key=value.
func WithParam(t testing.TB, dsn, key, value string) string {
	t.Helper()
	l := strings.ToLower(dsn)
	if !strings.HasPrefix(l, "postgres://") && !strings.HasPrefix(l, "postgresql://") {
		return dsn + " " + key + "=" + value
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}
