package record

import (
	"errors"
	"time"
)

// Bodies of the records about the identity registry (§15). They say what
// was done with people's identities, never whose.

// IdentityExportBody is the body of an `identity.export`: the registry
// exported with resident ID numbers and phones in full, which only an
// admin may do. Guard is the admin; Rows how many identities went out.
type IdentityExportBody struct {
	Rows   int    `json:"rows"`
	Reason string `json:"reason"`
}

// Validate refuses an export without its reason.
func (b IdentityExportBody) Validate() error {
	if b.Reason == "" {
		return errors.New("identity.export: a reason is required")
	}
	if b.Rows < 0 {
		return errors.New("identity.export: rows must not be negative")
	}
	return nil
}

// IdentityPurgeBody is the body of an `identity.purge`: Count identities of
// Category erased per the retention policy, those last seen before Before
// (a local day, "2006-01-02"). Records that named them still count in
// reports and still verify; who they were is gone.
type IdentityPurgeBody struct {
	Category string `json:"category"`
	Count    int    `json:"count"`
	Before   string `json:"before"`
}

// Validate checks the day and the count.
func (b IdentityPurgeBody) Validate() error {
	if b.Category == "" || b.Count < 0 {
		return errors.New("identity.purge: a category and a count are required")
	}
	if _, err := time.Parse("2006-01-02", b.Before); err != nil {
		return errors.New("identity.purge: before is a day, 2006-01-02")
	}
	return nil
}
