package syncer

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gatepost/hub/wire"
	"gatepost/store"
)

// Result is what one sync did.
type Result struct {
	Sent      int64 // records sent and answered
	Stored    int64 // … that the hub stored now
	Duplicate int64 // … that the hub already had
	Conflict  int64 // … that clash with what the hub holds (parked)
	Rejected  int64 // … that the hub refused (parked)
	Local     int64 // records parked here without sending (not this terminal's, too large)

	People, Passes, Notices int // pulled and applied

	Pending int64 // records still to send afterwards
	Parked  int64 // records parked in all (rejected, conflict, local)
	HeadSeq int64 // the hub's contiguous head for this terminal after the last push
}

// Codes of records parked by the terminal itself, never sent.
const (
	CodeForeign  = "foreign"   // the record is not this terminal's: the hub would refuse the whole push
	CodeTooLarge = "too_large" // the record alone is over the hub's request limit
)

// SyncOptions tune Sync. The zero value is usable.
type SyncOptions struct {
	BatchSize     int // records per push; default 1000
	MaxBatchBytes int // JSON bytes per push before gzip; default wire.MaxBody/2
	PullPageSize  int // items per pull page; default 1000
}

func (o *SyncOptions) defaults() {
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	if o.BatchSize > wire.MaxBatch {
		o.BatchSize = wire.MaxBatch
	}
	if o.MaxBatchBytes <= 0 || o.MaxBatchBytes > wire.MaxBody-64 {
		o.MaxBatchBytes = wire.MaxBody / 2
	}
	if o.PullPageSize <= 0 {
		o.PullPageSize = 1000
	}
}

// Sync pushes every pending record in seq order, batch by batch, then pulls
// reference data and notices changed since the cursor.
//
// A batch is marked sent only once the hub has answered it; records the hub
// rejects or holds in conflict are parked with the reason and the push goes
// on past them. Interrupted anywhere (network, hub, this process), the next
// Sync resends from the first unanswered record, and the hub answers
// "duplicate" for what it already stored: nothing is lost or doubled.
func Sync(ctx context.Context, st *store.Store, c *Client, opts SyncOptions) (Result, error) {
	opts.defaults()
	var res Result
	id, err := st.Identity(ctx)
	if err != nil {
		return res, err
	}
	for {
		recs, err := st.PendingRecords(ctx, opts.BatchSize)
		if err != nil {
			return res, err
		}
		if len(recs) == 0 {
			break
		}
		var enc []json.RawMessage
		var sent []int // index in recs of each encoded record
		var parked []store.Parked
		size, upTo := 0, int64(0)
		for i, r := range recs {
			if r.Terminal != id.Terminal || r.Facility != id.FacilityID {
				parked = append(parked, store.Parked{Seq: r.Seq, ID: r.ID, Status: "rejected", Code: CodeForeign,
					Reason: fmt.Sprintf("record of %s/%s, not of this terminal: not sent", r.Facility, r.Terminal)})
				res.Local++
				upTo = r.Seq
				continue
			}
			b, err := json.Marshal(r)
			if err != nil {
				return res, err
			}
			if len(b) > opts.MaxBatchBytes {
				parked = append(parked, store.Parked{Seq: r.Seq, ID: r.ID, Status: "rejected", Code: CodeTooLarge,
					Reason: fmt.Sprintf("record is %d bytes, over the %d a push may carry: not sent", len(b), opts.MaxBatchBytes)})
				res.Local++
				upTo = r.Seq
				continue
			}
			if size+len(b) > opts.MaxBatchBytes && len(enc) > 0 {
				break
			}
			enc, sent = append(enc, b), append(sent, i)
			size += len(b)
			upTo = r.Seq
		}
		if len(enc) > 0 {
			counts, err := st.SyncCounts(ctx)
			if err != nil {
				return res, err
			}
			resp, err := c.PushEncoded(ctx, enc, max(counts.LastSeq-upTo, 0))
			if err != nil {
				return res, err
			}
			for k, rr := range resp.Results {
				r := recs[sent[k]]
				if rr.ID != r.ID {
					return res, fmt.Errorf("the hub answered for record %q where %q was sent", rr.ID, r.ID)
				}
				switch rr.Status {
				case wire.Stored:
					res.Stored++
				case wire.Duplicate:
					res.Duplicate++
				case wire.Conflict, wire.Rejected:
					parked = append(parked, store.Parked{Seq: r.Seq, ID: r.ID, Status: string(rr.Status), Code: rr.Code, Reason: rr.Reason})
					if rr.Status == wire.Conflict {
						res.Conflict++
					} else {
						res.Rejected++
					}
				default:
					return res, fmt.Errorf("the hub answered %q for record %s", rr.Status, r.ID)
				}
			}
			res.Sent += int64(len(enc))
			res.HeadSeq = resp.HeadSeq
		}
		if err := st.MarkPushed(ctx, upTo, parked); err != nil {
			return res, err
		}
	}

	cursor, err := st.PullCursor(ctx)
	if err != nil {
		return res, err
	}
	for {
		ch, err := c.Changes(ctx, cursor, opts.PullPageSize, 0)
		if err != nil {
			return res, err
		}
		p := store.Pulled{Cursor: ch.Cursor}
		for _, x := range ch.People {
			p.People = append(p.People, x.Gate())
		}
		for _, x := range ch.Passes {
			p.Passes = append(p.Passes, x.Gate())
		}
		for _, n := range ch.Notices {
			p.Notices = append(p.Notices, store.Notice{ID: n.ID, Title: n.Title, Body: n.Body, Day: n.Day, PublishedAt: n.PublishedAt})
		}
		if len(p.People)+len(p.Passes)+len(p.Notices) > 0 || ch.Cursor > cursor {
			if err := st.ApplyPull(ctx, p); err != nil {
				return res, err
			}
		}
		res.People += len(p.People)
		res.Passes += len(p.Passes)
		res.Notices += len(p.Notices)
		if !ch.More || ch.Cursor <= cursor {
			break
		}
		cursor = ch.Cursor
	}

	counts, err := st.SyncCounts(ctx)
	if err != nil {
		return res, err
	}
	res.Pending, res.Parked = counts.Pending, counts.Parked
	if res.Pending == 0 {
		if err := st.SetLastSyncOK(ctx, time.Now()); err != nil {
			return res, err
		}
	}
	return res, nil
}
