package syncer

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"gatepost/hub/wire"
	"gatepost/identity"
	"gatepost/store"
)

// PushIdentities sends identity registry rows (§15) to the hub, outside
// the chain.
func (c *Client) PushIdentities(ctx context.Context, rows []wire.Identity) (wire.IdentitiesResponse, error) {
	var resp wire.IdentitiesResponse
	body, err := json.Marshal(wire.IdentitiesRequest{Identities: rows})
	if err != nil {
		return resp, err
	}
	req, err := c.newRequest(ctx, http.MethodPost, wire.PathIdentities, nil, bytes.NewReader(body), -1)
	if err != nil {
		return resp, err
	}
	req.Header.Set("Content-Type", "application/json")
	_, err = c.do(req, &resp, http.StatusOK)
	return resp, err
}

// pushIdentities sends the registry rows changed since the last sync, new
// ones, later visits' details and erasures alike. Sync calls it before the
// records that name them (see there).
func pushIdentities(ctx context.Context, c *Client, st *store.Store, res *Result) error {
	for {
		rows, err := st.DirtyIdentities(ctx, wire.MaxIdentities)
		if err != nil || len(rows) == 0 {
			return err
		}
		out := make([]wire.Identity, len(rows))
		for i, r := range rows {
			out[i] = WireIdentity(r)
		}
		resp, err := c.PushIdentities(ctx, out)
		if err != nil {
			return err
		}
		// A row the hub refused is marked taken all the same: sent again
		// unchanged it would be refused again. The refusal is logged.
		for _, x := range resp.Refused {
			res.IdentitiesRefused = append(res.IdentitiesRefused, IdentitySkip{Ref: x.Ref, Reason: x.Reason, ByHub: true})
		}
		if err := st.MarkIdentitiesPushed(ctx, rows); err != nil {
			return err
		}
		res.Identities += len(rows)
		if len(rows) < wire.MaxIdentities {
			return nil
		}
	}
}

// applyPeerIdentities keeps the rows a feed page brought with the
// facility's other terminals' records; the ones the store skips (bad
// rows a hub holds, store.ApplyPeerIdentities) are returned.
func applyPeerIdentities(ctx context.Context, st *store.Store, xs []wire.Identity, now time.Time) ([]IdentitySkip, error) {
	rows := make([]identity.Row, len(xs))
	terms := make([]string, len(xs))
	for i, x := range xs {
		rows[i] = x.Row()
		terms[i] = x.Terminal
		if terms[i] == "" {
			terms[i] = "?" // a peer's, whoever it was: never pushed back
		}
	}
	skipped, err := st.ApplyPeerIdentities(ctx, rows, terms, now)
	out := make([]IdentitySkip, len(skipped))
	for i, x := range skipped {
		out[i] = IdentitySkip{Ref: x.Ref, Reason: x.Reason}
	}
	return out, err
}

// IdentitySkip is an identity registry row a sync left aside: one of the
// feed's this terminal did not take, or (ByHub) one of its own the hub
// refused. Ref is as identity.ShortRef shows it; Reason names the field,
// never its value.
type IdentitySkip struct {
	Ref, Reason string
	ByHub       bool
}

// WireIdentity is the wire form of a registry row, as a terminal pushes it.
func WireIdentity(r identity.Row) wire.Identity {
	f := r.Fields
	return wire.Identity{Ref: r.Ref, Category: string(r.Category), Salt: r.Salt, IDNumber: f.IDNumber, Name: f.Name,
		Phone: f.Phone, Unit: f.Unit, Visiting: f.Visiting, Plate: f.Plate, LastSeen: r.LastSeen, Erased: r.Erased}
}
