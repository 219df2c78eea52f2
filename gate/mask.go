package gate

// MaskID shows a resident ID number as it may be shown after the moment of
// entry (§15): the first 6 characters (the region) and the last 4, the rest
// as asterisks — 320102********0016. Anything shorter than 11 characters
// is masked whole: it is not an ID number, and showing part of it tells
// nothing useful.
func MaskID(id string) string {
	r := []rune(id)
	if len(r) < 11 {
		out := make([]rune, len(r))
		for i := range out {
			out[i] = '*'
		}
		return string(out)
	}
	for i := 6; i < len(r)-4; i++ {
		r[i] = '*'
	}
	return string(r)
}
