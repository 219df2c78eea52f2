package hub_test

import (
	"path/filepath"
	"testing"

	"gatepost/hub"
	"gatepost/hub/internal/storagetest"
)

func TestSQLiteStorage(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) hub.Storage {
		st, err := hub.OpenSQLite(filepath.Join(t.TempDir(), "hub.db"))
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}
