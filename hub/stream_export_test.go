package hub

// StreamCounts returns how many pushes so far were answered by streaming
// them into the store, and how many streamed attempts were handed to the
// general algorithm (see ingestStream).
func StreamCounts() (streamedPushes, abandonedPushes int64) { return streamed.Load(), abandoned.Load() }

// GeneralOnly makes st answer every push by the general algorithm, never
// streamed: the reference the streamed way is held to.
func GeneralOnly(st *SQLite) { st.generalOnly = true }
