package wire

import "gatepost/identity"

// PathIdentities takes a terminal's identity registry rows (§15), outside
// the chain: POST an IdentitiesRequest, answered by an IdentitiesResponse.
const PathIdentities = "/api/v1/identities"

// MaxIdentities bounds the rows of one identities push.
const MaxIdentities = 2000

// Identity is one registry row as it travels: who a record's identity
// reference names, the salt its commitment was made under, and when it was
// last seen. An erased row travels with Erased set and nothing else but
// its reference and category: the hub then erases its copy too.
type Identity struct {
	Ref      string `json:"ref"`
	Category string `json:"category"`
	Salt     []byte `json:"salt,omitempty"` // base64 in JSON
	IDNumber string `json:"id_number,omitempty"`
	Name     string `json:"name,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Unit     string `json:"unit,omitempty"`
	Visiting string `json:"visiting,omitempty"`
	Plate    string `json:"plate,omitempty"`
	LastSeen string `json:"last_seen"`
	Erased   string `json:"erased,omitempty"`
	// Terminal is the terminal that made the row, in the facility feed;
	// a push leaves it out (the token says whose rows they are).
	Terminal string `json:"terminal,omitempty"`
}

// Row is x as the registry keeps it (Terminal aside).
func (x Identity) Row() identity.Row {
	return identity.Row{Ref: x.Ref, Category: identity.Category(x.Category), Salt: x.Salt, LastSeen: x.LastSeen, Erased: x.Erased,
		Fields: identity.Fields{IDNumber: x.IDNumber, Name: x.Name, Phone: x.Phone, Unit: x.Unit, Visiting: x.Visiting, Plate: x.Plate}}
}

// IdentitiesRequest is the body of POST /api/v1/identities.
type IdentitiesRequest struct {
	Identities []Identity `json:"identities"`
}

// IdentitiesResponse answers it: how many rows the hub now holds as sent
// (an erased row at the hub stays erased whatever arrives for it), and the
// rows it refused (identity.Row.Check), each with why; the others are
// stored all the same.
type IdentitiesResponse struct {
	Stored  int               `json:"stored"`
	Refused []IdentityRefusal `json:"refused,omitempty"`
}

// IdentityRefusal is a row of a push the hub did not store: its place in
// the request, its reference when that is one (identity.ValidRef), and
// why, in words that name the field and never hold its value.
type IdentityRefusal struct {
	Index  int    `json:"index"`
	Ref    string `json:"ref,omitempty"`
	Reason string `json:"reason"`
}
