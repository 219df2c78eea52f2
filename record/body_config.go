package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"
)

// DecisionSettings are the setting keys whose changes are written as
// config.change records: each changes what the console decides or demands
// (who is a fever case, how long a console stays open, what a meal sample
// must weigh and how long it is kept, how long a supervisor's PIN is).
// The language is not among them: it changes no decision. The retention of
// identities is (§15): how long a visitor's identity is kept is the
// facility's decision to answer for.
var DecisionSettings = []string{
	"fever", "idle_lock", "food.sample_min_grams", "food.sample_retain_hours", "pin.supervisor_min_digits",
	"profile", "nat_hours", "rotation.custody_days", "rotation.observation_days", "rotation.rest_days",
	"rotation.standby_days", "screening.sessions", "retention.visitor_days", "retention.vehicle_days",
	"retention.health_days",
}

// maxSettingValue bounds a value in a config.change: settings are short
// ("37.3", "5m", "125").
const maxSettingValue = 64

// ConfigChangeBody is the body of a `config.change`: a decision setting
// changed on this terminal. It names the setting and its values only: no
// person. An empty Old means the setting was unset (the default applied).
type ConfigChangeBody struct {
	Key string `json:"key"`
	Old string `json:"old"`
	New string `json:"new"`
}

// Validate checks a config.change body: a decision setting, short printable
// values, and a real change.
func (b ConfigChangeBody) Validate() error {
	switch {
	case !slices.Contains(DecisionSettings, b.Key):
		return fmt.Errorf("config.change: key %q is not a decision setting", b.Key)
	case b.New == "":
		return errors.New("config.change: new value is empty")
	case b.Old == b.New:
		return errors.New("config.change: old and new value are the same")
	}
	for _, v := range []string{b.Old, b.New} {
		if len(v) > maxSettingValue || !utf8.ValidString(v) {
			return fmt.Errorf("config.change: value longer than %d bytes or not UTF-8", maxSettingValue)
		}
		for _, r := range v {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				return errors.New("config.change: value holds a control character")
			}
		}
	}
	return nil
}

// CheckConfigChange decodes and validates a config.change body as stored
// or received: exactly the three fields, each a string.
func CheckConfigChange(raw json.RawMessage) error {
	var b ConfigChangeBody
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&b); err != nil {
		return fmt.Errorf("config.change: %w", err)
	}
	return b.Validate()
}

// Validator is a body that can check itself before it is sealed: the
// store refuses to append a draft whose body fails Validate.
type Validator interface {
	Validate() error
}
