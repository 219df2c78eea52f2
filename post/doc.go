// Package post is the service between the console and store/gate: it
// turns a guard's decision into records. The console collects input and
// shows results; the demo generates through the same functions, so the
// demo's data is decided by the same code as the console's. Nothing here
// knows Bubble Tea: inputs are typed values (already parsed with gate's
// parsers), results are values the UI phrases.
//
// # Shape
//
//	svc := post.New(st, post.Options{Clock: now, Config: cfg, Catalog: cat})
//
// Options.Clock stamps every record and is the "now" of every rule;
// Options.Writer (default: the store) receives the drafts, one call's in
// one transaction; Options.Saved is called after each write (pug's
// services publish the same way). Every write takes the signed-in guard
// explicitly (gate.Guard; ErrNoGuard without one) and returns Saved: the
// records written (Records[0] is the one asked for; an incident or an
// override follows it in the same transaction), whom they are about (Who),
// the decision (Allowed, Reason), the temperature as understood (Temp, and
// First when Temp is a recheck), the fever state and the incident written.
//
// # Decide, then save
//
// The gate forms decide first and save on Enter. A Decide… function reads
// what its rule needs from the store (or takes it from a Lookup the caller
// fills, as the demo does), applies the gate rule and returns a Plan —
// nothing is written:
//
//	DecideMainGate(ctx, MainGateInput)          gate 1 crossing (gate.EvaluateGate1)
//	DecideStaffGate(ctx, StaffGateInput)        gates 2 and 4 crossing; a standby member: contact incident
//	DecideStandby(ctx, StandbyInput)            gate 3 start / check-in / end / call-up, with the rotation plan
//	DecideReceive(ReceiveInput)                 gate 2 supply received
//	DecideDisinfectSupply(SupplyDisinfectInput) gate 2 supply disinfected
//	DecideStoreSupply(SupplyStoreInput)         gate 2 supply stored (after its contact time)
//	DecideFood(FoodInput)                       gate 5 inspection; a rejection is a record too
//	DecideSample(SampleInput)                   gate 5 meal sample (taker, fridge 0–8 ℃)
//	DecideCook(CookInput)                       gate 5 cooks' morning check; not fit is a record too
//
// Without a Lookup, the crossings read the person's closed-management
// status (§11, store.StatusOf) and the rule decides on it: custody duty at
// the main gate only at change-over, a standby member anywhere but gate 3 a
// contact incident, a pending recheck or a fever bar refused everywhere and
// never overridable, leaving standby or observation under the epidemic
// profile (the store's settings) only with a recent negative nucleic-acid
// result on record, never overridable either. A crossing decided with First is that recheck: the
// pending state it answers does not refuse it. The main gate asks
// MainGateInput.Health and Visit under the facility's profile
// (Options.Config.Health).
//
// Then:
//
//	Save(ctx, guard, plan)                          the record, plus its incident
//	Override(ctx, guard, plan, authority, reason)   a denied crossing and its override, one transaction
//
// The plan's record id is fixed when it is decided, so a plan saved twice
// (a second Enter on the same decision) is refused by the store and writes
// one record; decide again for the next entry.
//
// A denied crossing is a savable plan (Allowed false, Reason the code);
// Plan.Overridable says whether a supervisor may let it through (never a
// fever or a missing temperature). Input that cannot be saved is an
// *InputError (Field names the input's field for the cursor, Code a
// catalogue code: an entry without identity, a person entering without a
// temperature, a required field empty); a step a rule refuses (a supply
// still in its contact time, a check-in for someone not in standby) is a
// *RefusedError with the gate's code. Neither wrote anything.
//
// # A fever is never lost
//
// A first reading at or above the threshold is saved at once, at every
// gate, as a fever waiting for its recheck; it stays on the gaps checklist
// (研判, gate.Fevers) until a recheck answers it. At gates 1 and 3 a
// Decide… on such a reading returns a plan with NeedsRecheck; Save of that
// plan writes the reading alone (a `temperature` record at that gate) and
// returns Saved.Pending. Decide again with the recheck as Temp and
// Saved.Pending as First: the passage (or check-in) carries the recheck
// and, when it is a fever too, the fever incident in the same transaction.
// Anywhere else, or later from the gaps list:
//
//	FirstFever(ctx, guard, ReadingInput)            the first reading alone (refused if not a fever)
//	Recheck(ctx, guard, FeverRef, ReadingInput)     its recheck alone; confirmed: with the incident
//	Reading(ctx, guard, ReadingInput)               a roll-call reading (First set: a recheck)
//	FeverRefOf(gate.FeverCase)                      a pending fever of the day as a FeverRef
//
// # Supervised writes
//
// A write on a supervisor's authority takes an Authority: Credentials
// (badge and PIN typed into the dialog), checked through auth.SignIn in
// the same call before anything is written — auth's *BadPINError and
// *LockedError, or *NotSupervisorError for a badge that may not supervise;
// or a Supervisor already checked (Authorise, or SignedInSupervisor for a
// signed-in guard whose role supervises). A write given Credentials whose
// free text (reason, basis, note, an event's summary or handling) holds
// the PIN is refused after the check, before anything is written:
// *InputError with CodePINInText, the field named, the input left out.
//
//	Override / OverrideSaved(ctx, guard, Target, authority, reason)  a denial let through
//	Void(ctx, guard, Target, authority, reason)                     a wrong record voided
//	SetAttendance(ctx, guard, authority, AttendanceInput)           gate 4's on-site / home list
//	SubmitReport(ctx, guard, authority, SubmitInput)                the day's report.daily
//	Clear(ctx, guard, authority, ClearanceInput)                    a fever bar or a contact lifted, a release NAT recorded (§11)
//	Admit / Release(ctx, guard, authority, MovementInput, basis)     a detainee admitted / released at the main gate (§13)
//
// CheckMovement checks an admission or a release against the roster as
// of now (store.PersonAt: the published roster with the badge's admissions and releases
// recorded) before the duty leader is asked; Admit and Release check again.
//
// TargetOf(store.Row) makes a Target of a log row. Every record is written
// by the signed-in guard; the supervisor who authorised it is named in its
// body.
//
// # The demo
//
// The demo (package demo) generates through the same functions: it sets
// Options.Clock to the moment it generates, Options.NewID to its seeded
// ids, and is itself the Writer, batching each call's records whole. A
// staff crossing goes without a Lookup, so the service reads the person's
// status as at the console (the demo commits its batch first when it holds
// a record naming the person); other inputs get a Lookup filled from what
// the demo keeps in memory.
//
// # The rest
//
//	Disinfect(ctx, guard, DisinfectionInput)     a zone disinfected (gate 0)
//	DiscardSample(ctx, guard, gate.Sample)       a meal sample thrown away once its time is over
//	AckNotice(ctx, guard, NoticeRef)             a notice acknowledged
//	(sign-in and its shift.open as one operation: auth.OpenShift)
//	OpenShift(ctx, guard)                        shift.open at the home gate; ShiftOf(saved.Main())
//	ShiftReport(ctx, ShiftRef)                   the shift's report so far (the dialog's figures)
//	CloseShift(ctx, guard, CloseShiftInput)      shift.close with handover note and summary
//	LastShift(ctx, except)                       a shift left open, and the last handover note (sign-in)
//
// CloseShift takes the guard who writes it: a guard taking over a locked
// console closes the locked shift (LastShift().Open) with a note of their
// own.
package post
