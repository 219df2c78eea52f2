package hub

// UsePostgresInsert forces a Postgres store's insert path: "copy" (COPY into
// the staging table), "unnest" (arrays) or "auto" (by push size, the
// default), so that the tests hold every path to the same answers and the
// benchmarks compare them.
func UsePostgresInsert(s *Postgres, path string) {
	s.insert = map[string]insertPath{"auto": insertAuto, "copy": insertCopy, "unnest": insertUnnest}[path]
}
