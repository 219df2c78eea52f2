package hub

// UsePostgresUnnest switches a Postgres store to the other insert path
// (arrays and unnest instead of COPY into the staging table), so that the
// tests hold both paths to the same answers and the benchmarks compare them.
func UsePostgresUnnest(s *Postgres, on bool) { s.unnest = on }
