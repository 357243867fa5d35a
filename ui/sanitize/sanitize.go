package sanitize

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Line makes s safe for one line of a terminal: control characters become
// visible symbols (ESC is shown as ␛, so an escape sequence reads as text
// instead of running), line breaks become ↵ so a cell never breaks a table,
// tabs become spaces, and invisible characters that reorder or hide text
// (bidirectional overrides, zero-width characters, variation selectors) are
// removed.
func Line(s string) string { return clean(s, false, false) }

// Text is Line for text that may span lines: it keeps "\n" and drops "\r".
func Text(s string) string { return clean(s, true, false) }

// Paste is Text for a clipboard payload: it keeps tabs too, so that copied
// rows paste into a spreadsheet's columns.
func Paste(s string) string { return clean(s, true, true) }

// Safe reports whether s would pass through Line unchanged.
func Safe(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || isC1(r) || isInvisible(r) {
			return false
		}
	}
	return utf8.ValidString(s)
}

func clean(s string, multiline, tabs bool) string {
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
		case r == '\t' && tabs:
			b.WriteByte('\t')
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

// Writer passes everything written to it through Text: data written to a
// terminal (an export, a listing) can carry no control sequence, whatever
// it holds. A character split between two writes is kept until it is whole.
type Writer struct {
	w     io.Writer
	carry []byte
}

// NewWriter returns a sanitising writer to w. Call Flush at the end.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write sanitises p and writes it on. It reports len(p) written when the
// underlying write succeeds.
func (s *Writer) Write(p []byte) (int, error) {
	data := append(s.carry, p...)
	end := len(data)
	for back := 1; back <= utf8.UTFMax && back <= end; back++ {
		if utf8.RuneStart(data[end-back]) {
			if !utf8.FullRune(data[end-back:]) {
				end -= back
			}
			break
		}
	}
	s.carry = append(s.carry[:0:0], data[end:]...)
	if _, err := io.WriteString(s.w, Text(string(data[:end]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what is left of an incomplete character (as U+FFFD).
func (s *Writer) Flush() error {
	if len(s.carry) == 0 {
		return nil
	}
	_, err := io.WriteString(s.w, Text(string(s.carry)))
	s.carry = nil
	return err
}
