package gate

import (
	"time"

	"gatepost/record"
)

// Staff working from home report their temperature and answer the
// symptoms question by phone (§11). One who reports symptoms is an
// abnormal person, named in the report as those with a fever are, and an
// open item of the assessment until a duty leader records a clearance of
// subject ClearFever (发热门诊排除, 核酸阴性 …) after the report: the same
// clearance that lifts a fever's bar.

// PhoneSymptoms reports whether a reading record says its person reported
// symptoms by phone. Every reading of the symptoms answer goes through it,
// so that it can follow the answer if it moves out of the record body (a
// health detail tied to a badge, §15).
func PhoneSymptoms(b record.TemperatureBody) bool {
	return b.Method == record.ReadingByPhone && b.Symptoms
}

// SymptomItem is a staff member at home who reported symptoms by phone,
// and whether a clearance followed. The report names them: they are
// abnormal persons.
type SymptomItem struct {
	Badge string        `json:"badge"`
	Name  string        `json:"name"`
	Unit  string        `json:"unit"`
	At    string        `json:"at"` // the first report of symptoms in the period
	Temp  record.Tenths `json:"temp"`
	// Cleared: a clearance of subject fever for the person after their
	// last report of symptoms; Result is its result code
	// (record.ClearanceResults), ClearedAt when it was written.
	Cleared   bool   `json:"cleared"`
	Result    string `json:"result,omitempty"`
	ClearedAt string `json:"cleared_at,omitempty"`
}

// symptomCases folds the period's records into the staff who reported
// symptoms by phone, one item per person in the order they first did.
// people gives the name and unit of a badge the reading left out.
func symptomCases(recs []DayRecord, people []Person) []SymptomItem {
	out := []SymptomItem{}
	at := map[string]int{}         // badge → index in out
	last := map[string]time.Time{} // badge → latest report of symptoms
	for _, r := range recs {
		if r.Voided || r.Kind != record.Temperature {
			continue
		}
		var b record.TemperatureBody
		if r.Decode(&b) != nil || b.Badge == "" || !PhoneSymptoms(b) {
			continue
		}
		// A clearance counts only after the last report of symptoms: one
		// reported again after a clearance is open again.
		last[b.Badge] = r.At
		if _, ok := at[b.Badge]; ok {
			continue
		}
		at[b.Badge] = len(out)
		out = append(out, SymptomItem{Badge: b.Badge, Name: b.Name, Unit: b.Group, At: rpStamp(r.At), Temp: b.Temp})
	}
	if len(out) == 0 {
		return out
	}
	for _, r := range recs {
		if r.Voided || r.Kind != record.Clearance {
			continue
		}
		var b record.ClearanceBody
		if r.Decode(&b) != nil || b.Subject != ClearFever {
			continue
		}
		i, ok := at[b.Badge]
		if !ok || r.At.Before(last[b.Badge]) {
			continue
		}
		out[i].Cleared, out[i].Result, out[i].ClearedAt = true, b.Result, rpStamp(r.At)
	}
	for i := range out {
		for _, p := range people {
			if p.Badge == out[i].Badge {
				if out[i].Name == "" {
					out[i].Name = p.Name
				}
				if out[i].Unit == "" {
					out[i].Unit = p.Unit
				}
				break
			}
		}
	}
	return out
}

// OpenSymptoms returns the staff who reported symptoms and are not yet
// cleared: the assessment's symptoms line.
func (r Report) OpenSymptoms() []SymptomItem {
	return keep(r.Screening.Symptoms, func(s SymptomItem) bool { return !s.Cleared })
}

// SessionsMissed counts the detainees who missed a session that is over,
// a person once per session they missed.
func (r Report) SessionsMissed() int {
	n := 0
	for _, s := range r.Screening.Sessions {
		n += s.Missed()
	}
	return n
}
