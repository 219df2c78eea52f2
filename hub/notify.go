package hub

import "sync"

// notifier wakes the feed's long polls of a facility when a push of that
// facility stored something (§12: a record written at one post is seen at
// the others within seconds). It is per process: a push served by another
// hub process behind the same balancer is found by the long poll's own
// periodic look at the storage instead (feedRecheck).
type notifier struct {
	mu  sync.Mutex
	gen map[string]chan struct{}
}

func newNotifier() *notifier { return &notifier{gen: map[string]chan struct{}{}} }

// wait returns a channel closed at the facility's next notify.
func (n *notifier) wait(facility string) <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	c, ok := n.gen[facility]
	if !ok {
		c = make(chan struct{})
		n.gen[facility] = c
	}
	return c
}

// notify wakes every waiter of the facility, and those of "" (any
// facility: a facility hub's relayer).
func (n *notifier) notify(facility string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, f := range []string{facility, ""} {
		if c, ok := n.gen[f]; ok {
			close(c)
			delete(n.gen, f)
		}
	}
}
