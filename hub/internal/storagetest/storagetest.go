// Package storagetest is the conformance suite of hub.Storage: every
// backend (SQLite now, PostgreSQL next) must pass Run, so that the hub
// answers pushes and pulls alike whatever it stores in.
package storagetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/hub"
	"gatepost/hub/wire"
	"gatepost/record"
)

// Chain builds n sealed records of one terminal, seq from..from+n-1, linked
// to prev.
func Chain(facility, terminal string, from int64, n int, prev string) []record.Record {
	out := make([]record.Record, n)
	at := time.Date(2025, 3, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for i := range out {
		seq := from + int64(i)
		temp := record.Tenths(360 + seq%10)
		body, err := record.EncodeBody(record.PassageBody{Subject: record.SubjectStaff, Direction: record.In,
			Badge: fmt.Sprintf("S%03d", seq%50), Temp: &temp, Allowed: true, Reason: "staff"})
		if err != nil {
			panic(err)
		}
		r := record.Record{ID: record.NewID(), Terminal: terminal, Facility: facility, Seq: seq, Kind: record.Passage,
			Gate: 1, Guard: "G1", At: at.Add(time.Duration(seq) * time.Minute), Body: body}
		r.Seal(prev)
		prev = r.Hash
		out[i] = r
	}
	return out
}

// Raw marshals records as they travel in a push.
func Raw(rs ...record.Record) []json.RawMessage {
	out := make([]json.RawMessage, len(rs))
	for i, r := range rs {
		b, err := json.Marshal(r)
		if err != nil {
			panic(err)
		}
		out[i] = b
	}
	return out
}

type env struct {
	t   *testing.T
	ctx context.Context
	st  hub.Storage
}

func (e env) terminal(facility, name string) hub.Terminal {
	e.t.Helper()
	if _, err := hub.Provision(e.ctx, e.st, facility, "", name); err != nil {
		e.t.Fatal(err)
	}
	ts, err := e.st.Terminals(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, t := range ts {
		if t.Facility == facility && t.Name == name {
			return t
		}
	}
	e.t.Fatalf("terminal %s/%s not listed", facility, name)
	return hub.Terminal{}
}

func (e env) push(t hub.Terminal, rs []json.RawMessage) wire.PushResponse {
	e.t.Helper()
	resp, _, err := hub.Ingest(e.ctx, e.st, t, rs, hub.Seen{At: time.Now(), Pending: -1})
	if err != nil {
		e.t.Fatal(err)
	}
	return resp
}

func (e env) state(t hub.Terminal) hub.Terminal {
	e.t.Helper()
	ts, err := e.st.Terminals(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, x := range ts {
		if x.TerminalKey == t.TerminalKey {
			return x
		}
	}
	e.t.Fatalf("terminal %s gone", t.TerminalKey)
	return hub.Terminal{}
}

func (e env) held(t hub.Terminal) []hub.StoredRecord {
	e.t.Helper()
	var out []hub.StoredRecord
	if err := e.st.EachRecord(e.ctx, t.TerminalKey, 0, func(r hub.StoredRecord) error {
		out = append(out, r)
		return nil
	}); err != nil {
		e.t.Fatal(err)
	}
	return out
}

func statuses(resp wire.PushResponse) []string {
	out := make([]string, len(resp.Results))
	for i, r := range resp.Results {
		out[i] = string(r.Status)
		if r.Code != "" {
			out[i] += ":" + r.Code
		}
	}
	return out
}

func wantStatuses(t *testing.T, resp wire.PushResponse, want ...string) {
	t.Helper()
	got := statuses(resp)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("answers %v, want %v", got, want)
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// Run runs the suite; open must return an empty, ready storage that the
// suite closes itself.
func Run(t *testing.T, open func(t *testing.T) hub.Storage) {
	mk := func(t *testing.T) env {
		st := open(t)
		t.Cleanup(func() { st.Close() })
		return env{t: t, ctx: context.Background(), st: st}
	}

	t.Run("TerminalsAndTokens", func(t *testing.T) {
		e := mk(t)
		if err := e.st.AddTerminal(e.ctx, hub.TerminalKey{Facility: "nope", Name: "t"}, []byte("h"), time.Now()); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("terminal of unknown facility: %v, want ErrNotFound", err)
		}
		token, err := hub.Provision(e.ctx, e.st, "F1", "一所", "gate1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := hub.Provision(e.ctx, e.st, "F1", "", "gate1"); err == nil {
			t.Fatal("second terminal with the same name was accepted")
		}
		if _, err := hub.Provision(e.ctx, e.st, "F2", "", "gate1"); err != nil {
			t.Fatalf("same name in another facility: %v", err)
		}
		if ft, err := e.st.FacilityTerminals(e.ctx, "F2"); err != nil || len(ft) != 1 || ft[0].Facility != "F2" || ft[0].Name != "gate1" {
			t.Fatalf("F2's terminals: %+v %v", ft, err)
		}
		if ft, err := e.st.FacilityTerminals(e.ctx, "F9"); err != nil || len(ft) != 0 {
			t.Fatalf("an unknown facility's terminals: %+v %v", ft, err)
		}
		term, err := e.st.TerminalByToken(e.ctx, hub.HashToken(token))
		if err != nil || term.Facility != "F1" || term.Name != "gate1" || term.Revoked() || term.Pending != -1 {
			t.Fatalf("by token: %+v %v", term, err)
		}
		if _, err := e.st.TerminalByToken(e.ctx, hub.HashToken(token+"x")); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("wrong token: %v", err)
		}
		fs, err := e.st.Facilities(e.ctx)
		if err != nil || len(fs) != 2 || fs[0].Name != "一所" || fs[1].Name != "F2" {
			t.Fatalf("facilities %+v %v", fs, err)
		}
		seen := time.Now().Truncate(time.Millisecond)
		if err := e.st.Touch(e.ctx, term.TerminalKey, hub.Seen{At: seen, ClockSkew: -7 * time.Minute, HasClock: true, Pending: 12}); err != nil {
			t.Fatal(err)
		}
		term = e.state(term)
		if !term.LastSeen.Equal(seen) || term.ClockSkew != -7*time.Minute || term.Pending != 12 || !term.SkewFlagged(wire.ClockSkewLimit) {
			t.Fatalf("after touch: %+v", term)
		}
		if !term.LastPush.IsZero() {
			t.Fatal("a touch is not a push")
		}
		if err := e.st.RevokeTerminal(e.ctx, term.TerminalKey, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := e.st.RevokeTerminal(e.ctx, hub.TerminalKey{Facility: "F1", Name: "zz"}, time.Now()); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("revoke unknown: %v", err)
		}
		term, err = e.st.TerminalByToken(e.ctx, hub.HashToken(token))
		if err != nil || !term.Revoked() {
			t.Fatalf("after revoke: %+v %v", term, err)
		}
		// Rotation gives a revoked terminal a new token: the old one is
		// unknown from then on, the terminal and its state are the same.
		fresh, hash := hub.NewToken()
		if err := e.st.RotateToken(e.ctx, term.TerminalKey, hash, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := e.st.RotateToken(e.ctx, hub.TerminalKey{Facility: "F1", Name: "zz"}, []byte("x"), time.Now()); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("rotate unknown: %v", err)
		}
		if _, err := e.st.TerminalByToken(e.ctx, hub.HashToken(token)); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("old token after rotation: %v", err)
		}
		rotated, err := e.st.TerminalByToken(e.ctx, hub.HashToken(fresh))
		if err != nil || rotated.Revoked() || rotated.TerminalKey != term.TerminalKey || rotated.Pending != 12 {
			t.Fatalf("after rotation: %+v %v", rotated, err)
		}
		if err := e.st.Ping(e.ctx); err != nil {
			t.Fatalf("ping: %v", err)
		}
	})

	t.Run("FacilityDeadline", func(t *testing.T) {
		e := mk(t)
		if err := e.st.PutFacility(e.ctx, hub.Facility{ID: "F1", Name: "一所"}); err != nil {
			t.Fatal(err)
		}
		fs, err := e.st.Facilities(e.ctx)
		if err != nil || len(fs) != 1 || fs[0].Deadline != hub.DefaultDeadline {
			t.Fatalf("a new facility: %+v %v, want the default deadline", fs, err)
		}
		if err := e.st.SetDeadline(e.ctx, "F1", "17:30"); err != nil {
			t.Fatal(err)
		}
		// Renaming the facility keeps its deadline.
		if err := e.st.PutFacility(e.ctx, hub.Facility{ID: "F1", Name: "一所（新）"}); err != nil {
			t.Fatal(err)
		}
		if fs, err = e.st.Facilities(e.ctx); err != nil || fs[0].Deadline != "17:30" || fs[0].Name != "一所（新）" {
			t.Fatalf("after set and rename: %+v %v", fs, err)
		}
		if err := e.st.SetDeadline(e.ctx, "nope", "17:30"); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("unknown facility: %v, want ErrNotFound", err)
		}
	})

	t.Run("AccountsSessionsAudit", func(t *testing.T) {
		e := mk(t)
		now := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
		if _, err := e.st.UserByName(e.ctx, "王敏"); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("unknown user: %v, want ErrNotFound", err)
		}
		if err := e.st.AddUser(e.ctx, hub.User{Name: "王敏", Role: hub.RoleOperator, PasswordHash: []byte("h1"), CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		if err := e.st.AddUser(e.ctx, hub.User{Name: "王敏", Role: hub.RoleAdmin, PasswordHash: []byte("h2"), CreatedAt: now}); !errors.Is(err, hub.ErrExists) {
			t.Fatalf("second account of one name: %v, want ErrExists", err)
		}
		if err := e.st.AddUser(e.ctx, hub.User{Name: "admin", Role: hub.RoleAdmin, PasswordHash: []byte("h3"), CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		u, err := e.st.UserByName(e.ctx, "王敏")
		if err != nil || u.Role != hub.RoleOperator || string(u.PasswordHash) != "h1" || !u.CreatedAt.Equal(now) {
			t.Fatalf("user %+v %v", u, err)
		}
		us, err := e.st.Users(e.ctx)
		if err != nil || len(us) != 2 || us[0].Name != "admin" || us[1].Name != "王敏" || us[1].Role != hub.RoleOperator {
			t.Fatalf("users %+v %v", us, err)
		}

		// A session is found by its hash until it expires, with the role.
		s1 := hub.Session{IDHash: []byte("session-1"), User: "王敏", CSRF: "c1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := e.st.AddSession(e.ctx, s1); err != nil {
			t.Fatal(err)
		}
		got, err := e.st.SessionByHash(e.ctx, s1.IDHash, now.Add(59*time.Minute))
		if err != nil || got.User != "王敏" || got.Role != hub.RoleOperator || got.CSRF != "c1" || !got.ExpiresAt.Equal(s1.ExpiresAt) {
			t.Fatalf("session %+v %v", got, err)
		}
		if _, err := e.st.SessionByHash(e.ctx, s1.IDHash, now.Add(time.Hour)); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("expired session: %v, want ErrNotFound", err)
		}
		if _, err := e.st.SessionByHash(e.ctx, []byte("nope"), now); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("unknown session: %v, want ErrNotFound", err)
		}
		// A later sign-in sweeps the expired session away; another user's
		// live session stays.
		s2 := hub.Session{IDHash: []byte("session-2"), User: "admin", CSRF: "c2", CreatedAt: now, ExpiresAt: now.Add(3 * time.Hour)}
		s3 := hub.Session{IDHash: []byte("session-3"), User: "admin", CSRF: "c3", CreatedAt: now.Add(2 * time.Hour), ExpiresAt: now.Add(4 * time.Hour)}
		for _, s := range []hub.Session{s2, s3} {
			if err := e.st.AddSession(e.ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.st.SessionByHash(e.ctx, s1.IDHash, now); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("the expired session was not swept: %v", err)
		}
		if _, err := e.st.SessionByHash(e.ctx, s2.IDHash, now.Add(2*time.Hour)); err != nil {
			t.Fatalf("a live session was swept: %v", err)
		}
		if err := e.st.DeleteSession(e.ctx, s2.IDHash); err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.SessionByHash(e.ctx, s2.IDHash, now.Add(2*time.Hour)); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("deleted session: %v, want ErrNotFound", err)
		}
		if err := e.st.DeleteSession(e.ctx, []byte("nope")); err != nil {
			t.Fatalf("deleting an unknown session: %v", err)
		}

		// The audit log, newest first, bounded.
		for i, a := range []string{"login", "user.add", "logout"} {
			if err := e.st.AddAudit(e.ctx, hub.AuditEntry{At: now.Add(time.Duration(i) * time.Minute), User: "admin", Action: a,
				Detail: fmt.Sprint("第", i, "项"), Remote: "192.0.2.1:5000"}); err != nil {
				t.Fatal(err)
			}
		}
		es, err := e.st.Audit(e.ctx, 2)
		if err != nil || len(es) != 2 || es[0].Action != "logout" || es[1].Action != "user.add" || es[1].Detail != "第1项" ||
			es[0].User != "admin" || es[0].Remote != "192.0.2.1:5000" || !es[0].At.Equal(now.Add(2*time.Minute)) {
			t.Fatalf("audit %+v %v", es, err)
		}
	})

	t.Run("NoticesOn", func(t *testing.T) {
		e := mk(t)
		if err := e.st.PutFacility(e.ctx, hub.Facility{ID: "F1", Name: "一所"}); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2025, 3, 1, 7, 0, 0, 0, time.UTC)
		for i, n := range []hub.Notice{
			{ID: "n2", Facility: "F1", Title: "第二条", Body: "正文", Day: "2025-03-01", PublishedAt: at.Add(time.Hour)},
			{ID: "n1", Facility: "", Title: "第一条", Body: "", Day: "2025-03-01", PublishedAt: at},
			{ID: "n3", Facility: "F1", Title: "明日", Body: "", Day: "2025-03-02", PublishedAt: at},
		} {
			if err := e.st.AddNotice(e.ctx, n); err != nil {
				t.Fatal(i, err)
			}
		}
		ns, err := e.st.NoticesOn(e.ctx, "2025-03-01")
		if err != nil || len(ns) != 2 || ns[0].ID != "n1" || ns[1].ID != "n2" || ns[1].Facility != "F1" || ns[1].Body != "正文" ||
			!ns[1].PublishedAt.Equal(at.Add(time.Hour)) || ns[0].Facility != "" {
			t.Fatalf("notices of the day: %+v %v", ns, err)
		}
		if ns, err := e.st.NoticesOn(e.ctx, "2025-02-28"); err != nil || len(ns) != 0 {
			t.Fatalf("a day without notices: %+v %v", ns, err)
		}
	})

	t.Run("StoredThenDuplicate", func(t *testing.T) {
		e := mk(t)
		term := e.terminal("F1", "gate1")
		rs := Chain("F1", "gate1", 1, 10, "")
		resp := e.push(term, Raw(rs...))
		wantStatuses(t, resp, repeat("stored", 10)...)
		if resp.HeadSeq != 10 {
			t.Fatalf("head %d", resp.HeadSeq)
		}
		resp = e.push(term, Raw(rs...))
		wantStatuses(t, resp, repeat("duplicate", 10)...)
		st := e.state(term)
		if st.Chain.Stored != 10 || !st.Chain.Intact() || st.Chain.HeadHash != rs[9].Hash || st.LastPush.IsZero() {
			t.Fatalf("chain %+v", st.Chain)
		}
		held := e.held(term)
		if len(held) != 10 {
			t.Fatalf("%d held", len(held))
		}
		for i, h := range held {
			if h.ID != rs[i].ID || h.Hash != rs[i].Hash || h.ComputeHash() != h.Hash || h.ReceivedAt.IsZero() {
				t.Fatalf("held %d differs: %+v", i, h)
			}
			if h.AtString() != rs[i].AtString() {
				t.Fatalf("at %s, sent %s", h.AtString(), rs[i].AtString())
			}
		}
		// An empty push is answered too.
		if resp := e.push(term, nil); len(resp.Results) != 0 || resp.HeadSeq != 10 {
			t.Fatalf("empty push: %+v", resp)
		}
	})

	t.Run("Conflicts", func(t *testing.T) {
		e := mk(t)
		term := e.terminal("F1", "gate1")
		rs := Chain("F1", "gate1", 1, 3, "")
		e.push(term, Raw(rs...))
		// Same id, different content (and a valid hash of its own).
		changed := rs[1]
		changed.Guard = "G9"
		changed.Seal(changed.Prev)
		// Another id at a held seq.
		other := rs[2]
		other.ID = record.NewID()
		other.Seal(other.Prev)
		resp := e.push(term, Raw(changed, other))
		wantStatuses(t, resp, "conflict:id_conflict", "conflict:seq_conflict")
		// Sent again: still conflicts, kept once.
		resp = e.push(term, Raw(changed, other))
		wantStatuses(t, resp, "conflict:id_conflict", "conflict:seq_conflict")
		cs, err := e.st.Conflicts(e.ctx, 10)
		if err != nil || len(cs) != 2 {
			t.Fatalf("conflicts %d %v", len(cs), err)
		}
		for _, c := range cs {
			if c.Record.Hash != changed.Hash && c.Record.Hash != other.Hash {
				t.Fatalf("kept %+v", c.Record)
			}
			if c.ExistingHash == "" || c.ExistingHash == c.Record.Hash {
				t.Fatalf("existing hash %q", c.ExistingHash)
			}
		}
		held := e.held(term)
		if len(held) != 3 || held[1].Hash != rs[1].Hash || held[2].ID != rs[2].ID {
			t.Fatal("a conflict overwrote a held record")
		}
		if s, err := e.st.Stats(e.ctx); err != nil || s.Conflicts != 2 || s.Records != 3 {
			t.Fatalf("stats %+v %v", s, err)
		}
		// Another record at a held seq of this terminal is a second chain:
		// the chain stays whole but is no longer intact, and says where.
		if st := e.state(term); st.Chain.Intact() || st.Chain.Stored != 3 || st.Chain.HeadSeq != 3 || st.Chain.ForkSeq != 2 {
			t.Fatalf("chain %+v", st.Chain)
		}
	})

	t.Run("Rejected", func(t *testing.T) {
		e := mk(t)
		term := e.terminal("F1", "gate1")
		rs := Chain("F1", "gate1", 1, 6, "")
		badHash := rs[0]
		badHash.Hash = rs[1].Hash
		badBody := rs[1]
		badBody.Body = json.RawMessage(`{"b":1,"a":2}`) // keys not sorted: not canonical
		badBody.Seal(badBody.Prev)
		badKind := rs[2]
		badKind.Kind = "party"
		badKind.Seal(badKind.Prev)
		raws := Raw(badHash, badBody, badKind)
		raws = append(raws, json.RawMessage(`{"id": "x", "seq": "one"}`), json.RawMessage(`[1,2]`),
			json.RawMessage(`{"id":"`+rs[3].ID+`","at":"yesterday"}`))
		resp := e.push(term, raws)
		wantStatuses(t, resp, "rejected:bad_hash", "rejected:invalid", "rejected:invalid", "rejected:malformed",
			"rejected:malformed", "rejected:malformed")
		if resp.Results[3].ID != "x" || resp.Results[5].ID != rs[3].ID {
			t.Fatalf("ids of malformed records: %+v", resp.Results)
		}
		if n := len(e.held(term)); n != 0 {
			t.Fatalf("%d rejected records stored", n)
		}
		// A good batch afterwards is not held up by any of it.
		wantStatuses(t, e.push(term, Raw(rs...)), repeat("stored", 6)...)
	})

	t.Run("ChainLinkForks", func(t *testing.T) {
		e := mk(t)
		term := e.terminal("F1", "gate1")
		rs := Chain("F1", "gate1", 1, 5, "")
		e.push(term, Raw(rs[:3]...))
		forged := Chain("F1", "gate1", 4, 1, strings.Repeat("ab", 32))[0]
		first := Chain("F1", "gate1", 1, 1, strings.Repeat("01", 32))[0]
		resp := e.push(term, Raw(forged, first))
		wantStatuses(t, resp, "conflict:fork", "rejected:chain")
		if resp.Fork == nil || resp.Fork.Seq != 4 {
			t.Fatalf("the answer does not tell the terminal of the fork: %+v", resp.Fork)
		}
		// Within one push too: seq 5 does not follow the 4 sent with it.
		bad5 := Chain("F1", "gate1", 5, 1, strings.Repeat("ef", 32))[0]
		resp = e.push(term, Raw(rs[3], bad5))
		wantStatuses(t, resp, "stored", "conflict:fork")
		wantStatuses(t, e.push(term, Raw(rs[4])), "stored")
		st := e.state(term)
		if st.Chain.HeadSeq != 5 || st.Chain.ForkSeq != 4 || st.Chain.Intact() {
			t.Fatalf("chain %+v", st.Chain)
		}
		held := e.held(term)
		for i, h := range held {
			if h.ID != rs[i].ID {
				t.Fatalf("seq %d holds %s, not the terminal's chain", h.Seq, h.ID)
			}
		}
		if cs, err := e.st.Conflicts(e.ctx, 10); err != nil || len(cs) != 2 {
			t.Fatalf("the second chain's records are not kept: %d %v", len(cs), err)
		}
		rep, err := hub.VerifyChain(e.ctx, e.st, st)
		if err != nil || rep.Intact() || rep.ForkSeq != 4 {
			t.Fatalf("verify %+v %v", rep, err)
		}
	})

	t.Run("OutOfOrderAndGaps", func(t *testing.T) {
		e := mk(t)
		term := e.terminal("F1", "gate1")
		rs := Chain("F1", "gate1", 1, 30, "")
		wantStatuses(t, e.push(term, Raw(rs[20:]...)), repeat("stored", 10)...)
		st := e.state(term)
		if st.Chain.HeadSeq != 0 || st.Chain.MaxSeq != 30 || st.Chain.Missing() != 20 || st.Chain.Intact() {
			t.Fatalf("after the last third: %+v", st.Chain)
		}
		wantStatuses(t, e.push(term, Raw(rs[:10]...)), repeat("stored", 10)...)
		st = e.state(term)
		if st.Chain.HeadSeq != 10 || st.Chain.Missing() != 10 {
			t.Fatalf("after the first third: %+v", st.Chain)
		}
		// The middle, backwards: the head jumps to the end.
		mid := append([]record.Record(nil), rs[10:20]...)
		for i, j := 0, len(mid)-1; i < j; i, j = i+1, j-1 {
			mid[i], mid[j] = mid[j], mid[i]
		}
		resp := e.push(term, Raw(mid...))
		wantStatuses(t, resp, repeat("stored", 10)...)
		if resp.HeadSeq != 30 {
			t.Fatalf("head %d", resp.HeadSeq)
		}
		st = e.state(term)
		if !st.Chain.Intact() || st.Chain.HeadHash != rs[29].Hash || st.Chain.Stored != 30 {
			t.Fatalf("after all: %+v", st.Chain)
		}
		rep, err := hub.VerifyChain(e.ctx, e.st, st)
		if err != nil || !rep.Intact() || rep.Records != 30 {
			t.Fatalf("verify %+v %v", rep, err)
		}
	})

	t.Run("AboveAGapWaitsThenForks", func(t *testing.T) {
		e := mk(t)
		term := e.terminal("F1", "gate1")
		rs := Chain("F1", "gate1", 1, 2, "")
		liar := Chain("F1", "gate1", 3, 1, strings.Repeat("cd", 32))[0] // self-consistent, linked to nothing real
		wantStatuses(t, e.push(term, Raw(liar)), "stored")              // kept, waiting for its predecessor
		if n := len(e.held(term)); n != 0 {
			t.Fatalf("a record above a gap entered the chain unchecked (%d held)", n)
		}
		wantStatuses(t, e.push(term, Raw(liar)), "duplicate")
		wantStatuses(t, e.push(term, Raw(rs...)), "stored", "stored")
		st := e.state(term)
		if st.Chain.ForkSeq != 3 || st.Chain.HeadSeq != 2 || st.Chain.Intact() || st.Chain.BreakSeq != 0 {
			t.Fatalf("chain %+v", st.Chain)
		}
		if n := len(e.held(term)); n != 2 {
			t.Fatalf("%d held, want 2", n)
		}
		cs, err := e.st.Conflicts(e.ctx, 10)
		if err != nil || len(cs) != 1 || cs[0].Record.ID != liar.ID || cs[0].Code != wire.CodeFork {
			t.Fatalf("the record that did not link is not kept aside: %+v %v", cs, err)
		}
		rep, err := hub.VerifyChain(e.ctx, e.st, st)
		if err != nil || rep.Intact() || rep.ForkSeq != 3 || rep.Missing != 0 {
			t.Fatalf("verify %+v %v", rep, err)
		}
	})

	t.Run("ClonedTerminalIsNotSpliced", func(t *testing.T) {
		// A disk cloned after seq 5: both copies push with one token. Each
		// chain is whole somewhere (one linked, the other kept aside), and
		// the other copy's records never enter the chain, whatever the order.
		e := mk(t)
		term := e.terminal("F1", "gate1")
		common := Chain("F1", "gate1", 1, 5, "")
		a := Chain("F1", "gate1", 6, 10, common[4].Hash) // the original: 6..15
		b := Chain("F1", "gate1", 6, 12, common[4].Hash) // the copy: 6'..17'
		e.push(term, Raw(common...))
		e.push(term, Raw(a[:3]...))  // original 6..8
		e.push(term, Raw(b[:5]...))  // copy 6'..10': 6'–8' clash, 9' and 10' do not link
		e.push(term, Raw(b[8:]...))  // copy 14'..17': above a gap, they wait
		e.push(term, Raw(a[3:]...))  // original 9..15: linked; 14' and 15' lost their seqs
		e.push(term, Raw(b[5:8]...)) // copy 11'..13'
		st := e.state(term)
		if st.Chain.HeadSeq != 15 || st.Chain.HeadHash != a[9].Hash || st.Chain.ForkSeq != 6 {
			t.Fatalf("chain %+v", st.Chain)
		}
		want := append(append([]record.Record(nil), common...), a...)
		held := e.held(term)
		if len(held) != len(want) {
			t.Fatalf("%d held, want %d", len(held), len(want))
		}
		for i := range want {
			if held[i].ID != want[i].ID {
				t.Fatalf("seq %d holds the copy's record: spliced", held[i].Seq)
			}
		}
		cs, err := e.st.Conflicts(e.ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		aside := map[string]bool{}
		for _, c := range cs {
			aside[c.Record.ID] = true
		}
		for _, r := range b[:10] { // 6'..15' are set aside; 16' and 17' still wait above 15
			if !aside[r.ID] {
				t.Fatalf("the copy's seq %d is neither in the chain nor kept aside", r.Seq)
			}
		}
		rep, err := hub.VerifyChain(e.ctx, e.st, st)
		if err != nil || rep.Intact() || rep.ForkSeq != 6 || rep.Records != 15 {
			t.Fatalf("verify %+v %v", rep, err)
		}
	})

	t.Run("ForeignRecordsRefused", func(t *testing.T) {
		e := mk(t)
		term := e.terminal("F1", "gate1")
		e.terminal("F1", "gate2")
		mine := Chain("F1", "gate1", 1, 2, "")
		theirs := Chain("F1", "gate2", 1, 1, "")
		otherFacility := Chain("F2", "gate1", 1, 1, "")
		for _, bad := range [][]record.Record{{mine[0], theirs[0]}, {otherFacility[0]}} {
			_, _, err := hub.Ingest(e.ctx, e.st, term, Raw(bad...), hub.Seen{At: time.Now(), Pending: -1})
			if !errors.Is(err, hub.ErrForeignRecord) {
				t.Fatalf("foreign push: %v", err)
			}
		}
		if n := len(e.held(term)); n != 0 {
			t.Fatalf("%d records stored from a refused push", n)
		}
	})

	t.Run("RepeatsWithinOnePush", func(t *testing.T) {
		e := mk(t)
		term := e.terminal("F1", "gate1")
		rs := Chain("F1", "gate1", 1, 3, "")
		twin := rs[2]
		twin.Guard = "other"
		twin.Seal(twin.Prev)
		moved := rs[0] // same id at another seq
		moved.Seq = 4
		moved.Seal(rs[2].Hash)
		resp := e.push(term, Raw(rs[0], rs[1], rs[1], rs[2], twin, moved))
		wantStatuses(t, resp, "stored", "stored", "duplicate", "stored", "conflict:id_conflict", "conflict:id_conflict")
		if n := len(e.held(term)); n != 3 {
			t.Fatalf("%d held", n)
		}
	})

	t.Run("IDHeldElsewhereInALargePush", func(t *testing.T) {
		// A push larger than any one insert statement, one of whose ids is
		// another terminal's record: the store's insert meets the clash
		// part-way (a backend may insert optimistically and go back), and
		// the answer is the same as for a small push.
		e := mk(t)
		a, b := e.terminal("F1", "gate1"), e.terminal("F1", "gate2")
		ra := Chain("F1", "gate1", 1, 10, "")
		e.push(a, Raw(ra...))
		const n, clash = 1237, 1111
		rb := Chain("F1", "gate2", 1, n, "")
		rb[clash].ID = ra[3].ID
		for i := clash; i < n; i++ {
			rb[i].Seal(rb[i-1].Hash)
		}
		resp := e.push(b, Raw(rb...))
		want := append(repeat("stored", clash), "conflict:id_conflict")
		want = append(want, repeat("stored", n-clash-1)...) // they wait above the refused record
		wantStatuses(t, resp, want...)
		if h := e.held(a); len(h) != 10 || h[3].Hash != ra[3].Hash {
			t.Fatal("the other terminal's record was touched")
		}
		if h := e.held(b); len(h) != clash || h[clash-1].ID != rb[clash-1].ID {
			t.Fatalf("%d held", len(h))
		}
		if st := e.state(b); st.Chain.HeadSeq != clash || st.Chain.Stored != n-1 {
			t.Fatalf("chain %+v", st.Chain)
		}
	})

	t.Run("ConcurrentPushesOfOneTerminal", func(t *testing.T) {
		e := mk(t)
		term := e.terminal("F1", "gate1")
		rs := Chain("F1", "gate1", 1, 400, "")
		var wg sync.WaitGroup
		var mu sync.Mutex
		stored := 0
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b := 0; b < 4; b++ {
					k := (b + g) % 4 // each goroutine in its own order
					resp, tally, err := hub.Ingest(e.ctx, e.st, term, Raw(rs[k*100:(k+1)*100]...), hub.Seen{At: time.Now(), Pending: -1})
					if err != nil {
						t.Error(err)
						return
					}
					if tally.Conflict+tally.Rejected != 0 {
						t.Errorf("unexpected answers %v", statuses(resp))
					}
					mu.Lock()
					stored += tally.Stored
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if stored != 400 {
			t.Fatalf("stored %d times, want 400", stored)
		}
		st := e.state(term)
		if !st.Chain.Intact() || st.Chain.Stored != 400 || st.Chain.HeadSeq != 400 {
			t.Fatalf("chain %+v", st.Chain)
		}
	})

	t.Run("DayRecords", func(t *testing.T) {
		e := mk(t)
		term := e.terminal("F1", "gate1")
		rs := Chain("F1", "gate1", 1, 5, "")
		e.push(term, Raw(rs...))
		n := 0
		if err := e.st.DayRecords(e.ctx, "F1", "2025-03-01", []record.Kind{record.Passage}, func(r hub.StoredRecord) error {
			n++
			return nil
		}); err != nil || n != 5 {
			t.Fatalf("day records %d %v", n, err)
		}
		n = 0
		e.st.DayRecords(e.ctx, "F1", "2025-03-02", nil, func(hub.StoredRecord) error { n++; return nil })
		e.st.DayRecords(e.ctx, "F1", "2025-03-01", []record.Kind{record.Void}, func(hub.StoredRecord) error { n++; return nil })
		if n != 0 {
			t.Fatalf("%d records on the wrong day or kind", n)
		}
	})

	t.Run("ChangesForPull", func(t *testing.T) {
		e := mk(t)
		e.terminal("F1", "gate1")
		e.terminal("F2", "gate1")
		people := []gate.Person{
			{Badge: "S1", Name: "张三", Kind: gate.Staff, Assignment: gate.AssignOffice, Active: true},
			{Badge: "S2", Name: "李四", Kind: gate.Staff, Assignment: gate.AssignCustody, Active: true, IDNumber: "11010519491231002X"},
			{Badge: "D1", Name: "王五", Kind: gate.Detainee, Unit: "一大队", Active: false},
		}
		if err := e.st.PutPeople(e.ctx, "F1", people); err != nil {
			t.Fatal(err)
		}
		if err := e.st.PutPeople(e.ctx, "F9", people); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("people of an unknown facility: %v", err)
		}
		from := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
		pass := gate.Pass{ID: "P1", Holder: "送货车", Plate: "京A12345", ValidFrom: from, ValidTo: from.Add(24 * time.Hour)}
		if err := e.st.PutPasses(e.ctx, "F1", []gate.Pass{pass}); err != nil {
			t.Fatal(err)
		}
		if err := e.st.PutPeople(e.ctx, "F2", people[:1]); err != nil {
			t.Fatal(err)
		}
		if _, err := hub.PublishNotice(e.ctx, e.st, "all", "全体", "正文", "2025-03-01"); err != nil {
			t.Fatal(err)
		}
		if _, err := hub.PublishNotice(e.ctx, e.st, "F2", "F2 only", "", "2025-03-01"); err != nil {
			t.Fatal(err)
		}
		if n, err := e.st.RosterSize(e.ctx, "F1"); err != nil || n != 2 {
			t.Fatalf("roster %d %v", n, err)
		}
		// Page through F1 two items at a time.
		var got []string
		cursor := int64(0)
		for i := 0; ; i++ {
			ch, err := e.st.Changes(e.ctx, "F1", cursor, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ch.People {
				got = append(got, "person:"+p.Badge)
			}
			for _, p := range ch.Passes {
				got = append(got, "pass:"+p.ID+":"+p.Plate)
				if !p.ValidFrom.Equal(pass.ValidFrom) || !p.ValidTo.Equal(pass.ValidTo) {
					t.Fatalf("pass times %v %v", p.ValidFrom, p.ValidTo)
				}
			}
			for _, n := range ch.Notices {
				got = append(got, "notice:"+n.Title)
			}
			if ch.Cursor < cursor {
				t.Fatal("cursor moved back")
			}
			cursor = ch.Cursor
			if !ch.More {
				break
			}
			if i > 10 {
				t.Fatal("pull does not end")
			}
		}
		want := "[person:S1 person:S2 person:D1 pass:P1:京A12345 notice:全体]"
		if fmt.Sprint(got) != want {
			t.Fatalf("pulled %v, want %s", got, want)
		}
		ch, err := e.st.Changes(e.ctx, "F1", cursor, 100)
		if err != nil || ch.More || ch.Cursor != cursor || len(ch.People)+len(ch.Passes)+len(ch.Notices) != 0 {
			t.Fatalf("nothing new: %+v %v", ch, err)
		}
		// A change to one person brings only that person again.
		people[0].Active = false
		if err := e.st.PutPeople(e.ctx, "F1", people[:1]); err != nil {
			t.Fatal(err)
		}
		ch, err = e.st.Changes(e.ctx, "F1", cursor, 100)
		if err != nil || len(ch.People) != 1 || ch.People[0].Active || ch.People[0].Name != "张三" || ch.Cursor <= cursor {
			t.Fatalf("after a change: %+v %v", ch, err)
		}
		ch, err = e.st.Changes(e.ctx, "F2", 0, 100)
		if err != nil || len(ch.People) != 1 || len(ch.Notices) != 2 {
			t.Fatalf("F2: %+v %v", ch, err)
		}
	})

	t.Run("RotationForPull", func(t *testing.T) {
		e := mk(t)
		e.terminal("R1", "gate1")
		plan := gate.Plan{Badge: "S1", Periods: []gate.Period{
			{Badge: "S1", Kind: gate.PeriodCustody, Start: "2025-03-01", End: "2025-03-14"},
			{Badge: "S1", Kind: gate.PeriodObservation, Start: "2025-03-15", End: "2025-03-21"},
		}}
		if err := e.st.PutRotation(e.ctx, "R1", []gate.Plan{plan}); err != nil {
			t.Fatal(err)
		}
		if err := e.st.PutRotation(e.ctx, "R9", []gate.Plan{plan}); !errors.Is(err, hub.ErrNotFound) {
			t.Fatalf("a plan of an unknown facility: %v", err)
		}
		ch, err := e.st.Changes(e.ctx, "R1", 0, 100)
		if err != nil || len(ch.Plans) != 1 || len(ch.Plans[0].Periods) != 2 || ch.Plans[0].Periods[1] != plan.Periods[1] {
			t.Fatalf("first pull: %+v %v", ch, err)
		}
		cursor := ch.Cursor
		// A replanned person comes again, whole; an emptied plan comes empty.
		if err := e.st.PutRotation(e.ctx, "R1", []gate.Plan{{Badge: "S1"}}); err != nil {
			t.Fatal(err)
		}
		ch, err = e.st.Changes(e.ctx, "R1", cursor, 100)
		if err != nil || len(ch.Plans) != 1 || ch.Plans[0].Badge != "S1" || len(ch.Plans[0].Periods) != 0 || ch.Cursor <= cursor {
			t.Fatalf("after clearing: %+v %v", ch, err)
		}
		if ch, err := e.st.Changes(e.ctx, "R1", ch.Cursor, 100); err != nil || len(ch.Plans) != 0 {
			t.Fatalf("nothing new: %+v %v", ch, err)
		}
	})
}
