package gate

// ReasonOverridable reports whether a supervisor may let through a crossing
// denied for reason r (§2): any denial but a fever and a missing or
// implausible temperature, which no authority can turn into a healthy
// reading.
func ReasonOverridable(r Reason) bool {
	if ReasonAllows(r) {
		return false
	}
	switch r {
	case ReasonFever, ReasonNeedTemp:
		return false
	}
	return true
}
