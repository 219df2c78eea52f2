package hub_test

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/store"
	"gatepost/syncer"
)

// The crash tests run a real hub, or a real terminal sync, in a child
// process (this test binary started again) so that they can kill it with
// SIGKILL at any instant, as a power cut or the OOM killer would.
const (
	envChild = "GATEPOST_TEST_CHILD" // "hub" or "terminal"
	envDB    = "GATEPOST_TEST_DB"
	envAddr  = "GATEPOST_TEST_ADDR"
)

func TestMain(m *testing.M) {
	switch os.Getenv(envChild) {
	case "hub":
		os.Exit(childHub())
	case "terminal":
		os.Exit(childTerminal())
	}
	os.Exit(m.Run())
}

// childHub serves the hub until SIGTERM (graceful) or SIGKILL.
func childHub() int {
	st, err := hub.OpenSQLite(os.Getenv(envDB))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := hub.ListenAndServe(ctx, st, hub.ServeConfig{Addr: os.Getenv(envAddr), Logger: hubtest.Quiet()}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// childTerminal syncs a terminal store once, in small batches so that a
// kill lands in the middle.
func childTerminal() int {
	st, err := store.Open(os.Getenv(envDB))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	if _, err := syncer.Once(context.Background(), st, syncer.WithSyncOptions(syncer.SyncOptions{BatchSize: 20})); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
