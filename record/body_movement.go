package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"
)

// Admissions and releases of detainees (§13's 新收 and 出所): the records the
// report's headline figures and the roster as of a day are derived from.
// Both are written at the main gate (gate 1), on the duty leader's
// authority: under closed management no outside person comes in and no
// detainee goes out without it. They name the detainee by badge (所内编号)
// only (§15): a person admitted before the roster names them carries the
// badge assigned on admission and the unit they are placed in; the name and
// the ID number come with the roster, never in the log.

// Admission sources: on what ground a person is admitted.
const (
	AdmitDecision = "decision" // 强制隔离戒毒决定 (a new committal)
	AdmitTransfer = "transfer" // 转所调入 (from another facility)
	AdmitOther    = "other"
)

// AdmitSources lists the admission sources in the order a form offers them.
var AdmitSources = []string{AdmitDecision, AdmitTransfer, AdmitOther}

// Release types: on what ground a detainee leaves for good.
const (
	ReleaseExpiry   = "expiry"   // 期满解除
	ReleaseEarly    = "early"    // 提前解除
	ReleaseTransfer = "transfer" // 转所调出
	ReleaseOther    = "other"
)

// ReleaseTypes lists the release types in the order a form offers them.
var ReleaseTypes = []string{ReleaseExpiry, ReleaseEarly, ReleaseTransfer, ReleaseOther}

// Limits of a movement's fields: a badge as the roster spells it, a unit
// as the roster names it, a sentence of basis.
const (
	maxMoveBadge = 24
	maxMoveUnit  = 64
	maxMoveBasis = 200
)

// AdmissionBody is the body of a `detainee.admission`: a person admitted
// through the main gate into the unit named (the 新收 isolation area under
// closed management), their temperature taken there, on the authority of
// the duty leader (Supervisor, by badge) and the ground they wrote (Basis:
// the decision's reference, not the person's name).
type AdmissionBody struct {
	Badge      string `json:"badge"`
	Unit       string `json:"unit"`
	Source     string `json:"source"`
	Temp       Tenths `json:"temp"`
	Supervisor string `json:"supervisor"`
	Basis      string `json:"basis"`
}

// ReleaseBody is the body of a `detainee.release`: a detainee leaving the
// facility for good through the main gate (期满解除, 提前解除, 转所), on the
// duty leader's authority and the ground they wrote.
type ReleaseBody struct {
	Badge      string `json:"badge"`
	Type       string `json:"type"`
	Supervisor string `json:"supervisor"`
	Basis      string `json:"basis"`
}

// Validate checks an admission: a badge, a unit, a known source, a
// plausible temperature below nothing in particular (the fever rule is the
// service's), the supervisor and the basis.
func (b AdmissionBody) Validate() error {
	if err := moveBadge("detainee.admission", b.Badge); err != nil {
		return err
	}
	switch {
	case !slices.Contains(AdmitSources, b.Source):
		return fmt.Errorf("detainee.admission: unknown source %q", b.Source)
	case b.Temp < MinPlausible || b.Temp > MaxPlausible:
		return fmt.Errorf("detainee.admission: temperature %s outside %s–%s", b.Temp, MinPlausible, MaxPlausible)
	}
	if err := moveText("detainee.admission", "unit", b.Unit, maxMoveUnit); err != nil {
		return err
	}
	return moveAuthority("detainee.admission", b.Supervisor, b.Basis)
}

// Validate checks a release: a badge, a known type, the supervisor and the
// basis.
func (b ReleaseBody) Validate() error {
	if err := moveBadge("detainee.release", b.Badge); err != nil {
		return err
	}
	if !slices.Contains(ReleaseTypes, b.Type) {
		return fmt.Errorf("detainee.release: unknown type %q", b.Type)
	}
	return moveAuthority("detainee.release", b.Supervisor, b.Basis)
}

// moveBadge checks a badge as the roster writes it: upper-case letters,
// digits and '-', not empty. A resident ID number is 18 characters of
// digits; refusing the 15 and more keeps it from being typed as a badge.
func moveBadge(kind, badge string) error {
	if badge == "" {
		return errors.New(kind + ": badge is empty")
	}
	if len(badge) > maxMoveBadge || len(badge) >= 15 {
		return fmt.Errorf("%s: badge longer than 14 characters", kind)
	}
	for _, r := range badge {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return fmt.Errorf("%s: badge holds %q (want A–Z, 0–9, -)", kind, r)
		}
	}
	return nil
}

func moveAuthority(kind, supervisor, basis string) error {
	if supervisor == "" {
		return errors.New(kind + ": supervisor is empty")
	}
	return moveText(kind, "basis", basis, maxMoveBasis)
}

// moveText checks a short required text: present, UTF-8, bounded, and
// free of control characters (it is printed in the report).
func moveText(kind, field, s string, limit int) error {
	switch {
	case s == "":
		return fmt.Errorf("%s: %s is empty", kind, field)
	case len(s) > limit || !utf8.ValidString(s):
		return fmt.Errorf("%s: %s longer than %d bytes or not UTF-8", kind, field, limit)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fmt.Errorf("%s: %s holds a control character", kind, field)
		}
	}
	return nil
}

// CheckAdmission decodes and validates a detainee.admission body as stored
// or received: no field beyond AdmissionBody's, so a name or an ID number
// cannot ride along.
func CheckAdmission(raw json.RawMessage) error {
	var b AdmissionBody
	if err := strictDecode(raw, &b); err != nil {
		return fmt.Errorf("detainee.admission: %w", err)
	}
	return b.Validate()
}

// CheckRelease is CheckAdmission for a detainee.release.
func CheckRelease(raw json.RawMessage) error {
	var b ReleaseBody
	if err := strictDecode(raw, &b); err != nil {
		return fmt.Errorf("detainee.release: %w", err)
	}
	return b.Validate()
}

func strictDecode(raw json.RawMessage, v any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	return d.Decode(v)
}
