package syncer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gatepost/hub/wire"
	"gatepost/store"
)

// Joined is what Join found out about the hub.
type Joined struct {
	wire.Whoami
	// ClockSkew is this terminal's clock minus the hub's, roughly (the
	// request's travel time is not taken out).
	ClockSkew time.Duration
}

// Join checks a hub URL, token and CA against the hub (GET whoami) and,
// only when the hub accepts the token and it belongs to this very terminal
// (same terminal name and facility as the store's identity), stores them.
// Nothing is stored on any failure, so a typo cannot break a working setup.
func Join(ctx context.Context, st *store.Store, hubURL, token string, caPEM []byte, opts ClientOptions) (Joined, error) {
	id, err := st.Identity(ctx)
	if errors.Is(err, store.ErrNotInitialised) {
		return Joined{}, errors.New("this terminal is not initialised yet: run gatepost init first")
	}
	if err != nil {
		return Joined{}, err
	}
	opts.CAPEM = caPEM
	c, err := NewClient(hubURL, token, opts)
	if err != nil {
		return Joined{}, err
	}
	defer c.CloseIdle()
	who, err := c.Whoami(ctx)
	if err != nil {
		if Unauthorized(err) {
			return Joined{}, fmt.Errorf("the hub refused the token: %w", err)
		}
		return Joined{}, fmt.Errorf("checking the hub: %w", err)
	}
	j := Joined{Whoami: who, ClockSkew: time.Since(who.HubTime)}
	if who.Terminal != id.Terminal || who.Facility != id.FacilityID {
		return j, fmt.Errorf("the token is for terminal %q of facility %q, but this terminal is %q of facility %q",
			who.Terminal, who.Facility, id.Terminal, id.FacilityID)
	}
	if err := st.SetHubSettings(ctx, store.HubSettings{URL: c.URL(), Token: token, CAPEM: caPEM}); err != nil {
		return j, err
	}
	return j, nil
}
