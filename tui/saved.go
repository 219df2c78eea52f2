package tui

import (
	"cmp"
	"strings"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// savedText is what a save at gates 2–5 tells the guard, as gate 1's does:
// whom it saved (name and badge), what, and the decision. recs stand in
// for the service's word when the records were appended directly.
func savedText(c *Catalog, sv post.Saved, recs []record.Record) string {
	r := sv.Main()
	if len(sv.Records) == 0 && len(recs) > 0 {
		r = recs[0]
	}
	what := savedWhat(c, sv, r)
	// A confirmed fever is told by the screens that take one (gate 1 and
	// gate 3's check-in), each with what to do there.
	switch {
	case sv.Override:
		return c.T("saved.override", what)
	case r.Kind == record.Passage && !sv.Allowed:
		return c.T("saved.denied", what)
	}
	return c.T("saved.who", what)
}

// savedWhat is the person and what was saved of them, or the record's
// detail as the log shows it when it names no one.
func savedWhat(c *Catalog, sv post.Saved, r record.Record) string {
	who := whoText(sv.Who)
	switch r.Kind {
	case record.Passage:
		var b record.PassageBody
		_ = r.Decode(&b)
		return join(who, c.T("dir."+string(b.Direction)), tempText(b.Final()))
	case record.KitchenCheck:
		var b record.KitchenCheckBody
		_ = r.Decode(&b)
		return join(cmp.Or(who, b.Badge), tempText(&b.Temp), cookVerdictText(c, b))
	case record.StandbyStart, record.StandbyCheckin, record.StandbyEnd, record.StandbyCallup:
		// The log's detail, which starts with the badge and the name, after
		// the person named as everywhere else.
		var b struct{ Badge, Name string }
		_ = r.Decode(&b)
		d := strings.TrimPrefix(gateKindDetail(c, store.Row{Record: r}), join(b.Badge, b.Name))
		return join(b.Name, b.Badge, kindName(c, r.Kind), d)
	case record.Override:
		return who
	}
	return join(who, kindName(c, r.Kind), gateKindDetail(c, store.Row{Record: r}))
}

// whoText names a person as gate 1 does: name, then badge (or the masked
// ID number, or the plate).
func whoText(w post.Who) string {
	key := w.Badge
	if key == "" && w.IDNumber != "" {
		// Masked whatever the caller held: an override's answer carried
		// the number whole ("已特批放行：孙雅琴 320102197211080026 进").
		key = gate.MaskID(w.IDNumber)
	}
	if key == "" {
		key = w.Plate
	}
	return join(w.Name, key)
}

func tempText(t *record.Tenths) string {
	if t == nil {
		return ""
	}
	return t.String() + "℃"
}

// cookVerdictText is a cook's check in words: fit, or not and why.
func cookVerdictText(c *Catalog, b record.KitchenCheckBody) string {
	if b.Fit {
		return c.T("cook.fit")
	}
	return join(c.T("cook.unfit"), reasonsShort(c, b.Reasons))
}
