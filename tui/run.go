// Package tui is the guard console: a Bubble Tea program with one screen per
// gate, a status bar, a help bar and a message catalogue in zh-CN and en.
package tui

import (
	"time"

	"gatepost/gate"
	"gatepost/identity"
	"gatepost/record"
	"gatepost/syncer"
)

// Options are the console's settings, resolved by the caller from flags,
// the terminal's settings and the environment.
type Options struct {
	Lang    string        // "zh-CN" or "en"
	FeverAt record.Tenths // 0 means the default threshold
	// Health is the facility's profile (§11): the health checks gate 1
	// asks and the service decides on. Zero asks none.
	Health gate.HealthConfig
	// Retention is how many days after the last visit each identity
	// category is kept (§15); the console erases what is past it once a
	// day. Empty erases nothing.
	Retention map[identity.Category]int
	IdleLock  time.Duration // 0 means never lock
	Now       func() time.Time
	// Sync is the background sync loop; Run makes one when it is nil. The
	// console only reads its status and kicks it; the loop does the network.
	Sync *syncer.Loop
}
