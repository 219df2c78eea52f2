package wire

// Relay paths (SPEC §12): a facility hub forwards its terminals' records to
// the bureau's hub with its relay token, and pulls its facility's reference
// data and notices.
const (
	// PathRelayPush takes a PushRequest whose records may be of any
	// terminal of the relay's facility; it answers a PushResponse, one
	// result per record in the order sent, exactly as a terminal's push.
	PathRelayPush = "/api/v1/relay/push"
	// PathRelayChanges answers as PathChanges, for the relay's facility.
	PathRelayChanges = "/api/v1/relay/changes"
)

// PathRelayHeads takes a RelayHeadsRequest and answers RelayHeads: how far
// the bureau holds the chain of each terminal of the relay's facility. A
// facility hub asks it when it starts, after the bureau did not answer,
// and every few minutes, and sends again what a bureau restored from a
// backup lost (as a terminal does after its whoami, §3).
const PathRelayHeads = "/api/v1/relay/heads"

// RelayHeadsRequest is what the relay holds answered: per terminal, the
// seq up to which the bureau answered its records, stopping below the
// first record the bureau refused. The bureau logs the terminals it holds
// less of (it lost them) and counts them as the relay's behind; entries of
// another facility than the relay's are ignored.
type RelayHeadsRequest struct {
	Pushed []RelayPushed `json:"pushed"`
}

// RelayPushed is how far the relay holds one terminal answered.
type RelayPushed struct {
	Facility string `json:"facility"`
	Terminal string `json:"terminal"`
	Seq      int64  `json:"seq"`
}

// RelayHeads answers PathRelayHeads: the relay's facility, and the
// bureau's contiguous head of each of its terminals (a terminal not listed
// has none: head 0).
type RelayHeads struct {
	Facility  string         `json:"facility"`
	Terminals []TerminalHead `json:"terminals"`
}

// TerminalHead is the bureau's contiguous head of one terminal's chain, as
// whoami gives a terminal its own (§3).
type TerminalHead struct {
	Terminal string `json:"terminal"`
	HeadSeq  int64  `json:"head_seq"`
	HeadHash string `json:"head_hash,omitempty"`
	// Fork is set while the bureau holds a second chain of the terminal.
	Fork *Fork `json:"fork,omitempty"`
}
