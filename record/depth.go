package record

// NestsDeeper reports whether the JSON b opens more than n objects and
// arrays inside one another. It looks at brackets only, outside strings: a
// body that is not JSON is refused by the decoding that follows.
func NestsDeeper(b []byte, n int) bool {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			if depth++; depth > n {
				return true
			}
		case '}', ']':
			depth--
		}
	}
	return false
}
