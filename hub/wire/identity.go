package wire

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

// IdentitiesRequest is the body of POST /api/v1/identities.
type IdentitiesRequest struct {
	Identities []Identity `json:"identities"`
}

// IdentitiesResponse answers it: how many rows the hub now holds as sent
// (an erased row at the hub stays erased whatever arrives for it).
type IdentitiesResponse struct {
	Stored int `json:"stored"`
}
