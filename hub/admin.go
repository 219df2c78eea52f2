package hub

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gatepost/record"
)

// DayLayout is the layout of a day (a local date), as in the records' day.
const DayLayout = "2006-01-02"

// NewToken returns a fresh terminal token (32 random bytes, base64url) and
// the SHA-256 hash the hub keeps of it. The token itself is shown once and
// never stored: a stolen hub database does not let anyone push.
func NewToken() (token string, hash []byte) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the SHA-256 of a token, as stored and looked up. A 256-bit
// random token needs no slow hash: there is nothing to brute-force.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// checkName validates a facility id or terminal name: they travel in every
// record and in URLs of the dashboard, so keep them short and printable.
func checkName(what, s string) error {
	if why := nameProblem(s); why != "" {
		return fmt.Errorf("%s %s", what, why)
	}
	return nil
}

// nameProblem says why s cannot be a facility id or terminal name, in
// words that never echo it (a relayed record's name is the sender's); ""
// when it can.
func nameProblem(s string) string {
	if why := checkField(s); why != "" {
		return why
	}
	switch {
	case s == "":
		return "is empty"
	case strings.TrimSpace(s) != s:
		return "starts or ends with a space"
	}
	return ""
}

// Provision adds a terminal to a facility and returns its token, to be shown
// once. The facility is created when it does not exist yet (named
// facilityName, or its id when no name is given); an existing facility is
// renamed only when facilityName is given. The terminal's name must be the
// terminal name its records carry (the terminal's identity), and unique
// within the facility.
func Provision(ctx context.Context, st Storage, facility, facilityName, name string) (string, error) {
	if err := checkName("facility id", facility); err != nil {
		return "", err
	}
	if err := checkName("terminal name", name); err != nil {
		return "", err
	}
	if err := ensureFacility(ctx, st, facility, facilityName); err != nil {
		return "", err
	}
	token, hash := NewToken()
	if err := st.AddTerminal(ctx, TerminalKey{facility, name}, hash, time.Now()); err != nil {
		if errors.Is(err, ErrExists) {
			return "", fmt.Errorf("facility %s already has a terminal named %q (give it a new token with 'hub terminal rotate', or choose another name)", facility, name)
		}
		return "", err
	}
	return token, nil
}

// ensureFacility creates the facility when it does not exist yet (named
// facilityName, or its id when no name is given), and renames an existing
// one only when facilityName is given.
func ensureFacility(ctx context.Context, st Storage, facility, facilityName string) error {
	facilityName = strings.TrimSpace(Strip(facilityName, false))
	fs, err := st.Facilities(ctx)
	if err != nil {
		return err
	}
	var have *Facility
	for i := range fs {
		if fs[i].ID == facility {
			have = &fs[i]
		}
	}
	if have == nil && facilityName == "" {
		facilityName = facility
	}
	if facilityName != "" && (have == nil || have.Name != facilityName) {
		return st.PutFacility(ctx, Facility{ID: facility, Name: facilityName, CreatedAt: time.Now()})
	}
	return nil
}

// Rotate gives an existing terminal a new token and returns it, to be shown
// once. The old token is refused from the moment this returns; a revoked
// terminal works again with the new one. The terminal keeps its name, its
// records and its chain: the post rejoins with the new token
// ('gatepost join --token') and carries on where it was.
func Rotate(ctx context.Context, st Storage, facility, name string) (string, error) {
	token, hash := NewToken()
	if err := st.RotateToken(ctx, TerminalKey{facility, name}, hash, time.Now()); err != nil {
		if errors.Is(err, ErrNotFound) {
			return "", fmt.Errorf("no terminal %q in facility %s (provision it with 'hub terminal add')", name, facility)
		}
		return "", err
	}
	return token, nil
}

// PublishNotice publishes a notice for one facility, or for all when
// facility is "" or "all". day defaults to today (the hub's local date).
func PublishNotice(ctx context.Context, st Storage, facility, title, body, day string) (Notice, error) {
	if facility == "all" {
		facility = ""
	}
	// Control characters never reach a terminal's screen (an escape
	// sequence in a notice would drive it): stripped here, at intake.
	title, body = strings.TrimSpace(Strip(title, false)), strings.TrimSpace(Strip(strings.ReplaceAll(body, "\r\n", "\n"), true))
	if title == "" {
		return Notice{}, errors.New("a notice needs a title")
	}
	if utf8.RuneCountInString(title) > 200 || len(body) > 64<<10 {
		return Notice{}, errors.New("notice too long (title ≤ 200 characters, body ≤ 64 KiB)")
	}
	if day == "" {
		day = time.Now().Format(DayLayout)
	} else if _, err := time.Parse(DayLayout, day); err != nil {
		return Notice{}, fmt.Errorf("date %q: want YYYY-MM-DD", day)
	}
	n := Notice{ID: record.NewID(), Facility: facility, Title: title, Body: body, Day: day, PublishedAt: time.Now()}
	if err := st.AddNotice(ctx, n); err != nil {
		if errors.Is(err, ErrNotFound) {
			return Notice{}, fmt.Errorf("unknown facility %q (add a terminal to it first)", facility)
		}
		return Notice{}, err
	}
	return n, nil
}
