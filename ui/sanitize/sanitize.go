package sanitize

import (
	"strings"
	"unicode/utf8"
)

// Line makes s safe for one line of a terminal: control characters become
// visible symbols (ESC is shown as ␛, so an escape sequence reads as text
// instead of running), line breaks become ↵ so a cell never breaks a table,
// tabs become spaces, and invisible characters that reorder or hide text
// (bidirectional overrides, zero-width characters, variation selectors) are
// removed.
func Line(s string) string { return clean(s, false) }

// Text is Line for text that may span lines: it keeps "\n" and drops "\r".
func Text(s string) string { return clean(s, true) }

// Safe reports whether s would pass through Line unchanged.
func Safe(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || isC1(r) || isInvisible(r) {
			return false
		}
	}
	return utf8.ValidString(s)
}

func clean(s string, multiline bool) string {
	if Safe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune('\uFFFD') // invalid UTF-8 byte
		case r == '\n' && multiline:
			b.WriteByte('\n')
		case r == '\r' && multiline:
		case r == '\r' && i < len(s) && s[i] == '\n':
			// \r\n is one line break
		case r == '\n' || r == '\r':
			b.WriteRune('↵')
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20:
			b.WriteRune(0x2400 + r) // Control Pictures: ␀ .. ␟, ESC is ␛
		case r == 0x7f:
			b.WriteRune('␡')
		case isC1(r):
			b.WriteRune('\uFFFD') // 8-bit controls such as CSI (0x9B) must not reach the terminal
		case isInvisible(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// isInvisible covers characters that change how text around them is shown
// without being seen: bidirectional embeddings, overrides and isolates, the
// directional marks, zero-width characters, the byte-order mark, and emoji
// variation selectors (whose width terminals disagree on).
func isInvisible(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff:
		return true
	case r == 0xfe0e, r == 0xfe0f:
		return true
	}
	return false
}
