package hub

import (
	"unicode/utf8"

	"gatepost/record"
)

// quickCheck reports whether r certainly passes record.Check, without the
// cost of re-encoding its body: CheckPushed has already checked the id (a
// canonical UUID, stricter than Check's), seq and kind. False means only
// "not certain": the caller then runs record.Check, which decides and says
// why. Re-encoding every body was the largest part of a push's cost.
func quickCheck(r record.Record) bool {
	return r.Terminal != "" && r.Facility != "" && r.Gate >= 0 && r.Gate <= record.MaxGate &&
		canonicalBody(r.Body) && r.ComputeHash() == r.Hash
}

// canonicalBody reports whether b is certainly canonical JSON as
// record.CanonicalJSON writes it: no whitespace, object keys in strictly
// increasing byte order, numbers as JSON writes them, strings without
// escapes, control characters or U+2028/U+2029, valid UTF-8. A body that
// needs escapes in its strings (rare) is left to CanonicalJSON: false.
func canonicalBody(b []byte) bool {
	p := canonParser{b: b}
	return p.value(0) && p.i == len(b)
}

type canonParser struct {
	b []byte
	i int
}

// maxCanonDepth bounds the parser's recursion: a body nested deeper than
// MaxBodyDepth is refused before it is looked at here (checkEnvelope).
const maxCanonDepth = MaxBodyDepth

func (p *canonParser) value(depth int) bool {
	if p.i >= len(p.b) || depth > maxCanonDepth {
		return false
	}
	switch c := p.b[p.i]; {
	case c == '{':
		p.i++
		if p.peek('}') {
			p.i++
			return true
		}
		var prev []byte
		for first := true; ; first = false {
			key, ok := p.str()
			if !ok || (!first && string(key) <= string(prev)) || !p.peek(':') {
				return false
			}
			prev = key
			p.i++
			if !p.value(depth + 1) {
				return false
			}
			switch {
			case p.peek(','):
				p.i++
			case p.peek('}'):
				p.i++
				return true
			default:
				return false
			}
		}
	case c == '[':
		p.i++
		if p.peek(']') {
			p.i++
			return true
		}
		for {
			if !p.value(depth + 1) {
				return false
			}
			switch {
			case p.peek(','):
				p.i++
			case p.peek(']'):
				p.i++
				return true
			default:
				return false
			}
		}
	case c == '"':
		_, ok := p.str()
		return ok
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return p.lit("true")
	case c == 'f':
		return p.lit("false")
	case c == 'n':
		return p.lit("null")
	}
	return false
}

func (p *canonParser) peek(c byte) bool { return p.i < len(p.b) && p.b[p.i] == c }

func (p *canonParser) lit(s string) bool {
	if len(p.b)-p.i < len(s) || string(p.b[p.i:p.i+len(s)]) != s {
		return false
	}
	p.i += len(s)
	return true
}

// str reads a string with no escapes and returns its bytes between quotes.
func (p *canonParser) str() ([]byte, bool) {
	if !p.peek('"') {
		return nil, false
	}
	p.i++
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			return s, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c < utf8.RuneSelf:
			p.i++
		default:
			r, n := utf8.DecodeRune(p.b[p.i:])
			if r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
				return nil, false
			}
			p.i += n
		}
	}
	return nil, false
}

// number reads a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
// CanonicalJSON keeps numbers exactly as written, so any such literal is
// canonical.
func (p *canonParser) number() bool {
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.peek('-') {
		p.i++
	}
	if p.peek('0') {
		p.i++
	} else if digits() == 0 {
		return false
	}
	if p.peek('.') {
		p.i++
		if digits() == 0 {
			return false
		}
	}
	if p.peek('e') || p.peek('E') {
		p.i++
		if p.peek('+') || p.peek('-') {
			p.i++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}
