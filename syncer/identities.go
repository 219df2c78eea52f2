package syncer

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

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
		if _, err := c.PushIdentities(ctx, out); err != nil {
			return err
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
// facility's other terminals' records.
func applyPeerIdentities(ctx context.Context, st *store.Store, xs []wire.Identity) error {
	rows := make([]identity.Row, len(xs))
	terms := make([]string, len(xs))
	for i, x := range xs {
		rows[i] = identity.Row{Ref: x.Ref, Category: identity.Category(x.Category), Salt: x.Salt, LastSeen: x.LastSeen, Erased: x.Erased,
			Fields: identity.Fields{IDNumber: x.IDNumber, Name: x.Name, Phone: x.Phone, Unit: x.Unit, Visiting: x.Visiting, Plate: x.Plate}}
		terms[i] = x.Terminal
		if terms[i] == "" {
			terms[i] = "?" // a peer's, whoever it was: never pushed back
		}
	}
	return st.ApplyPeerIdentities(ctx, rows, terms)
}

// WireIdentity is the wire form of a registry row, as a terminal pushes it.
func WireIdentity(r identity.Row) wire.Identity {
	f := r.Fields
	return wire.Identity{Ref: r.Ref, Category: string(r.Category), Salt: r.Salt, IDNumber: f.IDNumber, Name: f.Name,
		Phone: f.Phone, Unit: f.Unit, Visiting: f.Visiting, Plate: f.Plate, LastSeen: r.LastSeen, Erased: r.Erased}
}
