package hub

// UsePostgresInsert forces a Postgres store's insert path: "copy" (COPY),
// "unnest" (arrays) or "auto" (by push size, the default); with safe, every
// push takes INSERT … ON CONFLICT from the start instead of trying a plain
// insert first. The tests hold every combination to the same answers and
// the benchmarks compare them.
func UsePostgresInsert(s *Postgres, path string, safe bool) {
	s.insert = map[string]insertPath{"auto": insertAuto, "copy": insertCopy, "unnest": insertUnnest}[path]
	s.safeInsert = safe
}
