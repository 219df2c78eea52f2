package post

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/width"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/identity"
	"gatepost/record"
	"gatepost/store"
)

// Writer is where the service's records go: *store.Store, which seals and
// commits each call's drafts in one transaction, or a writer that batches
// them (the demo's, which writes a million records).
type Writer interface {
	AppendBatch(ctx context.Context, ds []store.Draft) ([]record.Record, error)
}

// Identifier finds or makes the identity registry row of someone without a
// badge (store.Store.Identify): *store.Store, or a writer that batches,
// which must also find the rows it holds and has not written yet.
type Identifier interface {
	Identify(ctx context.Context, cat identity.Category, f identity.Fields, day string) (identity.Row, string, error)
}

// Options configure a Service.
type Options struct {
	// Clock is the time decisions are made and records stamped at; nil
	// means time.Now. The demo sets it to the moment it is generating.
	Clock func() time.Time
	// Config holds the gate settings (the fever threshold).
	Config gate.Config
	// Samples are the meal-sample rules (minimum grams, hours kept).
	Samples gate.SampleRules
	// Catalog words the few texts a record carries (an incident's
	// detail) in the terminal's language; nil means zh-CN.
	Catalog *i18n.Catalog
	// Writer receives the drafts; nil means the store itself.
	Writer Writer
	// NewID makes a record's id for a record at the given time; nil means
	// record.NewID. The demo makes ids from its seeded random source.
	NewID func(at time.Time) string
	// HealthRand is where the references and salts of health details
	// (§15) are drawn from; nil means crypto/rand. The demo gives a seeded
	// source of its own, so that its records are the same for a seed.
	HealthRand io.Reader
	// Saved, when set, is called after every successful write with what
	// was written (pug's services publish the same way), so a caller can
	// nudge the sync loop or refresh a screen without asking every screen.
	Saved func(Saved)
}

// Service turns decisions into records. It is safe for concurrent use as
// long as its Writer and Clock are.
type Service struct {
	st    *store.Store
	w     Writer
	ids   Identifier
	clock func() time.Time
	cfg   gate.Config
	rules gate.SampleRules
	cat   *i18n.Catalog
	newID func(time.Time) string
	saved func(Saved)
	hrand io.Reader
}

// New returns a service writing to st (or opts.Writer) and reading what
// the rules need from st.
func New(st *store.Store, opts Options) *Service {
	s := &Service{st: st, w: opts.Writer, clock: opts.Clock, cfg: opts.Config, rules: opts.Samples,
		cat: opts.Catalog, newID: opts.NewID, saved: opts.Saved, hrand: opts.HealthRand}
	if s.w == nil {
		s.w = st
	}
	s.ids = st
	if id, ok := s.w.(Identifier); ok {
		s.ids = id
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.cat == nil {
		s.cat = i18n.NewCatalog("zh-CN")
	}
	if s.newID == nil {
		s.newID = func(time.Time) string { return record.NewID() }
	}
	return s
}

// Config is the gate configuration the service decides with.
func (s *Service) Config() gate.Config { return s.cfg }

// now is the service's clock, at the precision records keep.
func (s *Service) now() time.Time { return s.clock().Truncate(time.Millisecond) }

// Who is whom a record is about, as the guard's message names them.
type Who struct {
	Badge    string
	IDNumber string // as typed, for the guard's message; never written to a record
	Name     string
	Plate    string // as typed, like IDNumber
	// Ident and Commit name someone without a badge in the records
	// (identity registry, §15); row is the registry row to write with the
	// first record that names them.
	Ident  string
	Commit string
	row    *identity.Row
}

// recordName is the name a record may carry: a rostered person's, copied
// from the roster; never that of someone named by an identity reference.
func (w Who) recordName() string {
	if w.Ident != "" {
		return ""
	}
	return w.Name
}

// identities is the registry row to write with a record about w.
func (w Who) identities() []identity.Row {
	if w.row == nil {
		return nil
	}
	return []identity.Row{*w.row}
}

// FeverState is where a temperature stands.
type FeverState string

// Fever states of a saved reading.
const (
	NoFever        FeverState = ""
	FeverPending   FeverState = "pending"   // a first reading ≥ the threshold, saved, waiting for its recheck
	FeverConfirmed FeverState = "confirmed" // the recheck is a fever too: an incident was written
	FeverCleared   FeverState = "cleared"   // the recheck is normal
)

// FeverRef is a first fever reading already saved (by FirstFever, Reading
// or Save of a plan that needed a recheck), which a recheck answers.
type FeverRef struct {
	ID   string // the temperature record
	Gate int
	Temp record.Tenths
	Who  Who
}

// FeverRefOf is the reference to a pending fever of the day's screening
// (the gaps checklist's list), for rechecking it later from anywhere.
func FeverRefOf(f gate.FeverCase) FeverRef {
	return FeverRef{ID: f.ReadingID, Gate: f.Gate, Temp: f.Temp, Who: Who{Badge: f.Badge, Ident: f.Ident, Name: f.Name}}
}

// Saved is what a write did, for the UI to phrase: the records in the
// order written (the first is the one the guard asked for; an incident or
// an override follows it), whom they are about, the decision, and the
// temperature as understood.
type Saved struct {
	Records []record.Record
	Kind    record.Kind // the kind of the main record
	Gate    int
	Who     Who
	Allowed bool        // a crossing let through (or overridden); a food delivery accepted; true for other steps
	Reason  gate.Reason // a crossing's reason; "" for other steps
	Temp    *record.Tenths
	First   *record.Tenths // the first reading, when Temp is its recheck
	Fever   FeverState
	// Pending is set when a first fever reading was saved: the recheck
	// answers it (Recheck, or a plan decided with it as First).
	Pending  *FeverRef
	Incident string // the type of the incident written with it, "" when none
	Override bool   // an override was written with it
	// Report is the report a shift.close summarises or a report.daily
	// carries.
	Report *gate.Report
}

// Main is the record the guard asked for.
func (v Saved) Main() record.Record {
	if len(v.Records) == 0 {
		return record.Record{}
	}
	return v.Records[0]
}

// Errors a write can end with besides the store's. None of them wrote
// anything.
var (
	// ErrNoGuard: every record carries the signed-in guard.
	ErrNoGuard = errors.New("post: no guard signed in")
	// ErrNotOverridable: an allowed crossing, a fever or a missing
	// temperature cannot be overridden (§2).
	ErrNotOverridable = errors.New("post: this decision cannot be overridden")
	// ErrNeedsRecheck: a plan waiting for its recheck was given to
	// Override; save it (which saves the first reading) and recheck.
	ErrNeedsRecheck = errors.New("post: a fever reading needs its recheck first")
)

// InputError is input the service cannot write: a required field left
// empty, a value out of range. Nothing was saved; Field names the input
// struct's field the cursor belongs on, Code is a catalogue code
// (gate.Code… or one of this package's Code… constants).
type InputError struct {
	Field string
	Code  string
	Input string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("post: %s: %s %q", e.Field, e.Code, e.Input)
}

// Input error codes of this package (the others are gate's).
const (
	CodeRequired   = gate.CodeRequired  // a required field left empty
	CodeFuture     = "time.future"      // a time after now
	CodeNotFever   = "temp.notfever"    // FirstFever given a normal reading
	CodeBadChoice  = "choice.unknown"   // a code that is not one of the choices
	CodeSecurity   = "security.invalid" // an attestation security.daily refuses
	CodeNameNumber = "name.number"      // a name that is only a number
	CodePINInText  = "pin.intext"       // free text holding the PIN of the credentials given with it
	CodePlateBadge = "badge.plate"      // a plate given as a badge
)

func inputErr(field, code, input string) error {
	return &InputError{Field: field, Code: code, Input: input}
}

// RefusedError is a step a rule refuses (a supply not yet out of its
// contact time, a standby check-in for someone not in standby). Code is a
// gate refusal or reason code; nothing was saved.
type RefusedError struct {
	Code        string
	MinutesLeft int       // with gate.RefuseContactTime
	Until       time.Time // with gate.RefuseContactTime: when it may be stored
	Dish        string    // with the sample refusals that name a dish
}

func (e *RefusedError) Error() string { return "post: refused: " + e.Code }

// NotSupervisorError is a badge that signed in with a right PIN but may not
// supervise.
type NotSupervisorError struct{ Badge string }

func (e *NotSupervisorError) Error() string {
	return "post: " + e.Badge + " may not supervise"
}

// Supervisor is a supervisor whose authority was checked: by Authorise
// (badge and PIN) or, for the signed-in guard, by SignedInSupervisor.
type Supervisor struct{ g gate.Guard }

// Guard is the supervisor.
func (s Supervisor) Guard() gate.Guard { return s.g }

// Credentials are a supervisor's badge and PIN, typed into a dialog. A
// write given credentials checks them (auth.SignIn, which counts a wrong
// PIN towards the badge's lock) in the same call, before anything is
// written.
type Credentials struct{ Badge, PIN string }

// Authority is who authorises a supervised write: Credentials to check
// now, or a Supervisor already checked.
type Authority interface {
	// supervisor checks the authority; texts are the write's free text,
	// which must not hold the PIN that was typed with it.
	supervisor(ctx context.Context, s *Service, texts ...freeText) (gate.Guard, error)
}

// freeText is what a supervisor typed into a field of the write (Field as
// in InputError).
type freeText struct{ field, text string }

// supervisor signs the badge in, then refuses free text holding the PIN
// the sign-in accepted: a PIN typed again after a wrong one lands in the
// reason when the cursor is there, and a record is kept for good (seen:
// "重复登记999999" voided a record). Only the accepted PIN is looked for,
// so a reason may name record numbers, times and counts.
func (c Credentials) supervisor(ctx context.Context, s *Service, texts ...freeText) (gate.Guard, error) {
	g, err := auth.SignIn(ctx, s.st, c.Badge, c.PIN, s.clock())
	if err != nil {
		return gate.Guard{}, err
	}
	if !g.Role.CanSupervise() {
		return gate.Guard{}, &NotSupervisorError{Badge: g.Badge}
	}
	for _, t := range texts {
		if pinIn(t.text, c.PIN) {
			// The input is left out: it is the PIN.
			return gate.Guard{}, inputErr(t.field, CodePINInText, "")
		}
	}
	return g, nil
}

// pinIn reports whether a run of digits in text (full-width digits, as a
// Chinese input method gives them, folded to ASCII) holds pin.
func pinIn(text, pin string) bool {
	if pin == "" {
		return false
	}
	notDigit := func(r rune) bool { return r < '0' || r > '9' }
	for _, run := range strings.FieldsFunc(width.Fold.String(text), notDigit) {
		if strings.Contains(run, pin) {
			return true
		}
	}
	return false
}

// supervisor of an authority already checked: no PIN was typed with this
// write, so there is none its text could hold.
func (v Supervisor) supervisor(context.Context, *Service, ...freeText) (gate.Guard, error) {
	if v.g.Badge == "" {
		return gate.Guard{}, &NotSupervisorError{}
	}
	return v.g, nil
}

// Authorise checks a supervisor's badge and PIN once, for a caller that
// makes several supervised writes on one authority.
func (s *Service) Authorise(ctx context.Context, c Credentials) (Supervisor, error) {
	g, err := c.supervisor(ctx, s)
	return Supervisor{g: g}, err
}

// SignedInSupervisor is the signed-in guard's own authority, when their
// role may supervise: they proved it with their PIN at sign-in.
func SignedInSupervisor(g gate.Guard) (Supervisor, error) {
	if !g.Role.CanSupervise() {
		return Supervisor{}, &NotSupervisorError{Badge: g.Badge}
	}
	return Supervisor{g: g}, nil
}

// write appends drafts in one transaction and publishes the result.
func (s *Service) write(ctx context.Context, guard gate.Guard, out Saved, ds []store.Draft) (Saved, error) {
	if guard.Badge == "" {
		return Saved{}, ErrNoGuard
	}
	for i := range ds {
		ds[i].Guard = guard.Badge
		if ds[i].ID == "" {
			ds[i].ID = s.newID(ds[i].At)
		}
	}
	rs, err := s.w.AppendBatch(ctx, ds)
	if err != nil {
		return Saved{}, err
	}
	out.Records = rs
	if out.Kind == "" && len(ds) > 0 {
		out.Kind = ds[0].Kind
	}
	if s.saved != nil {
		s.saved(out)
	}
	return out, nil
}

// draft is a record to write at a gate now.
func draft(kind record.Kind, gateNo int, at time.Time, id string, body any) store.Draft {
	return store.Draft{ID: id, Kind: kind, Gate: gateNo, At: at, Body: body}
}

func tp(t record.Tenths) *record.Tenths { return &t }

// healthDetail makes the health-detail row of d recorded at at (§15): the
// record names it by the row's reference and carries the commitment.
func (s *Service) healthDetail(d identity.HealthDetail, at time.Time) (identity.HealthRow, string, error) {
	return identity.NewHealth(s.hrand, d, at)
}
