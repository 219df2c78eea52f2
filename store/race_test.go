package store_test

import (
	"context"
	"sync"
	"testing"

	"gatepost/store"
)

// Identity is cached on first use; the first uses may come from many
// goroutines at once (go test -race).
func TestIdentityConcurrentFirstUse(t *testing.T) {
	_, path := newStore(t)
	for round := 0; round < 20; round++ {
		s, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				id, err := s.Identity(context.Background())
				if err != nil || id.Terminal != testIdentity.Terminal {
					t.Errorf("Identity = %+v, %v", id, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		s.Close()
	}
}
