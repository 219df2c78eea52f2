package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
)

// SecurityEventType is what kind of security event a security.daily names.
type SecurityEventType string

// Security event types: the five a 安全稳定 statement denies (脱逃、自杀自残、
// 行凶伤害、打架斗殴、所内案件), and any other.
const (
	SecEscape   SecurityEventType = "escape"
	SecSelfHarm SecurityEventType = "self_harm"
	SecAssault  SecurityEventType = "assault"
	SecFight    SecurityEventType = "fight"
	SecCase     SecurityEventType = "case"
	SecOther    SecurityEventType = "other"
)

// SecurityEventTypes lists the types in the order a report denies them.
var SecurityEventTypes = []SecurityEventType{SecEscape, SecSelfHarm, SecAssault, SecFight, SecCase, SecOther}

// SecurityEvent is one event a security.daily records. It refers to
// people by badge only (§15): Summary and Handling are free text the
// supervisor writes and must not carry names or ID numbers; Badges lists
// who was involved.
type SecurityEvent struct {
	Type     SecurityEventType `json:"type"`
	Time     string            `json:"time"` // local clock time, "15:04"
	Badges   []string          `json:"badges,omitempty"`
	Summary  string            `json:"summary"`
	Handling string            `json:"handling"` // what was done (处置)
}

// SecurityDailyBody is the body of a `security.daily`: the duty leader
// (the record's guard, repeated in Supervisor) attests a day's security —
// no event, or the events — and the day's epidemic counts, which only the
// health authorities establish and the records cannot derive. Preparer is
// the badge of who drew up the report (填报人). The latest one of a day
// counts.
type SecurityDailyBody struct {
	Day           string          `json:"day"` // "2006-01-02"
	Supervisor    string          `json:"supervisor"`
	Preparer      string          `json:"preparer,omitempty"`
	NoEvents      bool            `json:"no_events"`
	Events        []SecurityEvent `json:"events"`
	Suspected     int             `json:"suspected"`      // 疑似病例
	Confirmed     int             `json:"confirmed"`      // 确诊病例
	CloseContacts int             `json:"close_contacts"` // 密切接触者
}

// maxSecurityText bounds a summary or handling: a sentence or two.
const maxSecurityText = 500

// Validate checks a security.daily body: a day, a supervisor, either no
// events or at least one, each of a known type at a clock time with a
// summary and what was done, and counts that are not negative.
func (b SecurityDailyBody) Validate() error {
	if _, err := time.Parse("2006-01-02", b.Day); err != nil {
		return fmt.Errorf("security.daily: day %q: want YYYY-MM-DD", b.Day)
	}
	switch {
	case b.Supervisor == "":
		return errors.New("security.daily: supervisor is empty")
	case b.NoEvents && len(b.Events) > 0:
		return errors.New("security.daily: no_events with events listed")
	case !b.NoEvents && len(b.Events) == 0:
		return errors.New("security.daily: neither no_events nor any event")
	case b.Suspected < 0 || b.Confirmed < 0 || b.CloseContacts < 0:
		return errors.New("security.daily: a negative count")
	}
	for i, e := range b.Events {
		if !slices.Contains(SecurityEventTypes, e.Type) {
			return fmt.Errorf("security.daily: event %d: unknown type %q", i+1, e.Type)
		}
		if _, err := time.Parse("15:04", e.Time); err != nil {
			return fmt.Errorf("security.daily: event %d: time %q: want HH:MM", i+1, e.Time)
		}
		if e.Summary == "" || e.Handling == "" {
			return fmt.Errorf("security.daily: event %d: a summary and what was done are both needed", i+1)
		}
		for _, s := range []string{e.Summary, e.Handling} {
			if len(s) > maxSecurityText || !utf8.ValidString(s) {
				return fmt.Errorf("security.daily: event %d: text longer than %d bytes or not UTF-8", i+1, maxSecurityText)
			}
			for _, r := range s {
				if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
					return fmt.Errorf("security.daily: event %d: text holds a control character", i+1)
				}
			}
		}
	}
	return nil
}

// CheckSecurityDaily decodes and validates a security.daily body as
// stored or received: no field beyond those of SecurityDailyBody, so a
// name or an ID number cannot ride along in an extra field.
func CheckSecurityDaily(raw json.RawMessage) error {
	var b SecurityDailyBody
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&b); err != nil {
		return fmt.Errorf("security.daily: %w", err)
	}
	return b.Validate()
}
