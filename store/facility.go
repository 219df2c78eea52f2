package store

import (
	"context"
	"fmt"
	"sort"

	"gatepost/record"
)

// Facility-wide reads (§12): what a rule, a list or the daily report reads
// is the facility's records — this terminal's own and the other terminals'
// from the feed (peer_records) — merged in the order they happened. Rows of
// different terminals are ordered by at, then terminal, then seq: seq alone
// orders only one terminal's chain.

// mergeRows merges own rows (seq order) with peer rows into time order.
func mergeRows(own, peer []Row) []Row {
	if len(peer) == 0 {
		return own
	}
	all := append(own, peer...)
	sort.SliceStable(all, func(i, j int) bool { return record.Before(all[i].Record, all[j].Record) })
	return all
}

// peerKindRows is KindRows over the peers' records: where and args are
// kindWhere's.
func (s *Store) peerKindRows(ctx context.Context, where string, args []any) ([]Row, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+facilityRowCols+` FROM peer_records r WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: peer kind rows: %w", err)
	}
	return scanRows(rows)
}

// peerDay returns the peers' records of a local day, with their flags.
func (s *Store) peerDay(ctx context.Context, day string) ([]Row, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+facilityRowCols+` FROM peer_records r WHERE r.day = ?`, day)
	if err != nil {
		return nil, fmt.Errorf("store: peer day: %w", err)
	}
	return scanRows(rows)
}

// FacilityDay returns every record of a local day of the whole facility:
// DayAll's own records and the peers', in time order. A record of this
// terminal voided or overridden from another post (or the reverse) carries
// the flag.
func (s *Store) FacilityDay(ctx context.Context, day string) ([]Row, error) {
	own, err := s.DayAll(ctx, day)
	if err != nil {
		return nil, err
	}
	peer, err := s.peerDay(ctx, day)
	if err != nil {
		return nil, err
	}
	if len(peer) > 0 && len(own) > 0 {
		// Corrections written at another post of this terminal's records.
		ids := map[string]int{}
		for i, r := range own {
			ids[r.ID] = i
		}
		for _, p := range peer {
			if p.Kind != record.Void && p.Kind != record.Override {
				continue
			}
			var b struct {
				Target string `json:"target"`
			}
			if p.Decode(&b) != nil {
				continue
			}
			if i, ok := ids[b.Target]; ok {
				if p.Kind == record.Void {
					own[i].Voided = true
				} else {
					own[i].Overridden = true
				}
			}
		}
	}
	return mergeRows(own, peer), nil
}
