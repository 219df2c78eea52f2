package syncer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gatepost/store"
)

// HubAheadError is the hub holding more of this terminal's chain than this
// database (a terminal restored from a backup older than its last sync): a
// record saved here would take a seq the hub holds with another record and
// fork the chain.
type HubAheadError struct {
	HubHead int64 // the hub's head for this terminal
	Local   int64 // this database's last seq
}

func (e *HubAheadError) Error() string {
	return fmt.Sprintf("the hub holds this terminal's records up to seq %d, this database only up to %d (restored from an older backup?)", e.HubHead, e.Local)
}

// CheckHead asks the hub, within timeout, whether it holds more of this
// terminal's chain than this database, before a record is saved that would
// fork it (the console asks before a sign-in's shift.open, which is saved
// before the loop's first sync has run). It answers
//
//   - *HubAheadError when the hub is ahead (the status bar is told too);
//   - nil when the hub is not ahead, or the terminal has not joined a hub;
//   - another error when the hub could not be asked in time: the post must
//     work offline, so the caller goes on; that nothing was checked is
//     written to the loop's log only, since it is no news for a guard.
//
// It does not wait for a sync that is running: one question, read-only.
func (l *Loop) CheckHead(ctx context.Context, timeout time.Duration) error {
	c, err := l.clientFor(ctx)
	if errors.Is(err, store.ErrNotJoined) {
		return nil
	}
	if err != nil {
		l.cfg.log.Warn("hub not asked before the record: nothing was checked", "err", err.Error())
		return err
	}
	last, err := l.st.LastSeq(ctx)
	if err != nil {
		return err
	}
	qctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	who, err := c.Whoami(qctx)
	if err != nil {
		l.cfg.log.Warn("hub not reached before the record: nothing was checked, the record is saved as offline",
			"timeout", timeout.String(), "err", describe(err))
		return err
	}
	if who.HeadSeq <= last {
		return nil
	}
	l.cfg.log.Error("the hub holds more of this terminal's chain than this database (restored from an older backup?): record refused before it forked the chain; see the README, \"Backups and restore\"",
		"hub_head", who.HeadSeq, "last_seq", last)
	l.update(func(s *Status) { s.HubAhead = who.HeadSeq })
	return &HubAheadError{HubHead: who.HeadSeq, Local: last}
}
