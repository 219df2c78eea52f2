package record_test

import (
	"encoding/json"
	"testing"

	"gatepost/record"
)

// FuzzMovementBodies: an admission or a release body the check accepts
// decodes, re-encodes canonically and is accepted again; nothing makes the
// check panic.
func FuzzMovementBodies(f *testing.F) {
	for _, s := range []string{
		`{"badge":"D0501","unit":"新收隔离区","source":"decision","temp":36.5,"supervisor":"9001","basis":"决定书〔2026〕1号"}`,
		`{"badge":"D0007","type":"expiry","supervisor":"9001","basis":"证明书"}`,
		`{"badge":"D0007","type":"early","supervisor":"9001","basis":"x","name":"王芳"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if record.CheckAdmission(in) == nil {
			var b record.AdmissionBody
			if err := json.Unmarshal(in, &b); err != nil {
				t.Fatalf("admission accepted but does not decode: %v", err)
			}
			raw, err := record.EncodeBody(b)
			if err != nil || record.CheckAdmission(raw) != nil {
				t.Fatalf("admission %q accepted, its encoding %q not (%v)", in, raw, err)
			}
		}
		if record.CheckRelease(in) == nil {
			var b record.ReleaseBody
			if err := json.Unmarshal(in, &b); err != nil {
				t.Fatalf("release accepted but does not decode: %v", err)
			}
			raw, err := record.EncodeBody(b)
			if err != nil || record.CheckRelease(raw) != nil {
				t.Fatalf("release %q accepted, its encoding %q not (%v)", in, raw, err)
			}
		}
	})
}
