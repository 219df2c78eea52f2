package hub

import (
	"encoding/json"
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"gatepost/identity"
	"gatepost/record"
)

// Limits of a pushed record's fields, beyond what record.Check asks. A
// terminal never comes near them; they keep a misbehaving client from
// storing what no screen, report or index was made for.
const (
	// MaxSeq is the highest seq accepted: 2^53, the largest integer every
	// JSON reader (JavaScript's included) reads exactly.
	MaxSeq = 1 << 53
	// MaxNameLen bounds the terminal and facility names (as at provisioning)
	// and the guard's badge, in characters.
	MaxNameLen = 64
	// MaxKindLen bounds a kind, in bytes.
	MaxKindLen = 32
	// MaxBodyLen bounds one record's body, in bytes of canonical JSON.
	MaxBodyLen = 256 << 10
	// MaxBodyDepth bounds how deeply a body nests objects and arrays (the
	// body itself is 1). The deepest body a terminal writes, a
	// report.daily with its report's figures, nests 7. Every post indexes
	// its peers' bodies with SQLite's JSON functions, which refuse more
	// than 1,000 levels: a body nested deeper, once stored here, stopped
	// every other post's feed at it.
	MaxBodyDepth = 32
)

// bodyOf returns a value of the body type of each kind, to decode into.
// TestEveryKindHasABody keeps it in step with record.Kinds.
var bodyOf = map[record.Kind]func() any{
	record.ShiftOpen:         func() any { return new(record.ShiftOpenBody) },
	record.ShiftClose:        func() any { return new(record.ShiftCloseBody) },
	record.Passage:           func() any { return new(record.PassageBody) },
	record.Temperature:       func() any { return new(record.TemperatureBody) },
	record.SupplyReceived:    func() any { return new(record.SupplyReceivedBody) },
	record.SupplyDisinfected: func() any { return new(record.SupplyDisinfectedBody) },
	record.SupplyStored:      func() any { return new(record.SupplyStoredBody) },
	record.StandbyStart:      func() any { return new(record.StandbyStartBody) },
	record.StandbyCheckin:    func() any { return new(record.StandbyCheckinBody) },
	record.StandbyEnd:        func() any { return new(record.StandbyEndBody) },
	record.StandbyCallup:     func() any { return new(record.StandbyCallupBody) },
	record.Attendance:        func() any { return new(record.AttendanceBody) },
	record.FoodInspection:    func() any { return new(record.FoodInspectionBody) },
	record.FoodSample:        func() any { return new(record.FoodSampleBody) },
	record.Disinfection:      func() any { return new(record.DisinfectionBody) },
	record.Incident:          func() any { return new(record.IncidentBody) },
	record.Override:          func() any { return new(record.OverrideBody) },
	record.Void:              func() any { return new(record.VoidBody) },
	record.ReportDaily:       func() any { return new(record.ReportDailyBody) },
	record.NoticeAck:         func() any { return new(record.NoticeAckBody) },
	record.Clearance:         func() any { return new(record.ClearanceBody) },
	record.ConfigChange:      func() any { return new(record.ConfigChangeBody) },
	record.SampleDiscard:     func() any { return new(record.SampleDiscardBody) },
	record.KitchenCheck:      func() any { return new(record.KitchenCheckBody) },
	record.SecurityDaily:     func() any { return new(record.SecurityDailyBody) },
	record.Admission:         func() any { return new(record.AdmissionBody) },
	record.Release:           func() any { return new(record.ReleaseBody) },
	record.IdentityExport:    func() any { return new(record.IdentityExportBody) },
	record.IdentityPurge:     func() any { return new(record.IdentityPurgeBody) },
}

// CheckPushed is the hub's strict check of a pushed record's envelope and
// body, made before record.Check (canonical body, hash): it returns "" or
// why the record is refused, in words that name the field and never echo
// its content.
//
// The id must be a UUID in its one canonical spelling (lower case, with
// hyphens), so that one record cannot be stored under four spellings; seq
// lies in 1..MaxSeq; names stay within their lengths and hold no control
// characters; hash and prev are lower-case hex SHA-256, prev empty at seq 1
// only (a seq 1 with a prev is refused after the hash check, as a chain
// error, checkOne); and the body is a JSON object that decodes as its kind's body with the
// fields the hub reads (a report's day, a passage's subject and direction).
// Fields a newer terminal adds are let through (the hash covers them),
// except in config.change, security.daily and the detainee movements,
// whose fields are fixed (badge-only kinds, §15).
func CheckPushed(r record.Record) string {
	why, _ := checkPushed(r)
	return why
}

// checkPushed is CheckPushed; of a record that passes, it also returns what
// the day figures take from its body, from the body as the check decoded
// it, so that the figures need not decode it again (see factCache).
func checkPushed(r record.Record) (string, bodyFacts) {
	if why := checkEnvelope(r); why != "" {
		return why, bodyFacts{}
	}
	v, why := checkBody(r.Kind, r.Body)
	if why != "" {
		return why, bodyFacts{}
	}
	return "", factsFrom(v)
}

// checkEnvelope is CheckPushed but for the body's content.
func checkEnvelope(r record.Record) string {
	switch {
	case !canonicalUUID(r.ID):
		return "id is not a UUID in canonical form (lower-case hex, 8-4-4-4-12)"
	case r.Seq < 1 || r.Seq > MaxSeq:
		return fmt.Sprintf("seq is out of range 1–%d", int64(MaxSeq))
	case r.Seq > 1 && r.Prev == "":
		// A chain's first record alone has no previous one: taken as a
		// link that does not verify, this one marked the terminal copied
		// (a fork) for good.
		return "prev is empty, and only seq 1 has no previous record"
	case len(r.Kind) > MaxKindLen || !r.Kind.Valid():
		return "kind is not one of the record kinds"
	}
	for _, f := range [...]struct{ name, v string }{{"terminal", r.Terminal}, {"facility", r.Facility}, {"guard", r.Guard}} {
		if p := checkField(f.v); p != "" {
			return f.name + " " + p
		}
	}
	if !isHex64(r.Hash) {
		return "hash is not lower-case hex SHA-256"
	}
	if r.Prev != "" && !isHex64(r.Prev) {
		return "prev is not lower-case hex SHA-256"
	}
	if len(r.Body) > MaxBodyLen {
		return fmt.Sprintf("body is over %d bytes", MaxBodyLen)
	}
	if record.NestsDeeper(r.Body, MaxBodyDepth) {
		return fmt.Sprintf("body nests objects and arrays deeper than %d levels", MaxBodyDepth)
	}
	return ""
}

func checkField(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	case utf8.RuneCountInString(s) > MaxNameLen:
		return fmt.Sprintf("is longer than %d characters", MaxNameLen)
	}
	for _, c := range s {
		if unicode.IsControl(c) {
			return "holds a control character"
		}
	}
	return ""
}

// checkBody returns body decoded as k's, and why it is refused ("" if it
// is not).
func checkBody(k record.Kind, body json.RawMessage) (any, string) {
	mk, ok := bodyOf[k]
	if !ok { // a kind this table does not know yet: an object is all it can ask
		mk = func() any { return new(map[string]any) }
	}
	v := mk()
	return v, checkBodyAs(k, body, v)
}

func checkBodyAs(k record.Kind, body json.RawMessage, v any) string {
	if len(body) == 0 || body[0] != '{' {
		return "body is not a JSON object"
	}
	if err := json.Unmarshal(body, v); err != nil {
		return "body is not a " + string(k) + " body: " + jsonProblem(err)
	}
	switch b := v.(type) {
	case *record.ReportDailyBody:
		if _, err := time.Parse(DayLayout, b.Day); err != nil {
			return "body of report.daily has no valid day"
		}
	case *record.PassageBody:
		if b.Subject == "" || (b.Direction != record.In && b.Direction != record.Out) {
			return "body of passage has no subject or direction"
		}
		return refsProblem(k, b.Ident, b.Commit, b.Health, b.HealthCommit)
	case *record.TemperatureBody:
		return refsProblem(k, b.Ident, b.Commit, b.Health, b.HealthCommit)
	case *record.IncidentBody:
		return refsProblem(k, b.Ident, b.Commit, "", "")
	case *record.StandbyCheckinBody:
		return refsProblem(k, "", "", b.Health, b.HealthCommit)
	case *record.NoticeAckBody:
		if b.Notice == "" {
			return "body of notice.ack names no notice"
		}
	case *record.ConfigChangeBody:
		if err := record.CheckConfigChange(body); err != nil {
			return "body of " + err.Error()
		}
	case *record.SecurityDailyBody:
		// Badges only, by rule (§15): a field this hub does not know could
		// carry a name, so it is refused rather than let through.
		if err := record.CheckSecurityDaily(body); err != nil {
			return "body of " + err.Error()
		}
	case *record.AdmissionBody:
		if err := record.CheckAdmission(body); err != nil {
			return "body of " + err.Error()
		}
	case *record.ReleaseBody:
		if err := record.CheckRelease(body); err != nil {
			return "body of " + err.Error()
		}
	}
	return ""
}

// refsProblem checks a body's references into the erasable registries
// (§15): each is empty with its commitment, or a reference of the form the
// terminals make with a SHA-256 commitment. Anything else (an escape
// sequence, a name) would reach every post of the facility through the
// feed and be looked up there.
func refsProblem(k record.Kind, ident, commit, health, healthCommit string) string {
	for _, r := range [...]struct{ name, ref, commit string }{{"ident", ident, commit}, {"health", health, healthCommit}} {
		switch {
		case r.ref == "" && r.commit == "":
		case !identity.ValidRef(r.ref):
			return fmt.Sprintf("body of %s: %s is not a registry reference (%d lower-case hex digits)", k, r.name, identity.RefLen)
		case !isHex64(r.commit):
			return fmt.Sprintf("body of %s: the commitment of %s is not lower-case hex SHA-256", k, r.name)
		}
	}
	return ""
}

func canonicalUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !lowerHex[c] {
				return false
			}
		}
	}
	return true
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !lowerHex[s[i]] {
			return false
		}
	}
	return true
}

// lowerHex marks the bytes of lower-case hex.
var lowerHex = func() (t [256]bool) {
	for _, c := range "0123456789abcdef" {
		t[c] = true
	}
	return t
}()
