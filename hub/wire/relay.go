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
