package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzLine: nothing that comes out of Line can drive a terminal: no ESC, no
// C0 or C1 control, no bidirectional override, valid UTF-8, one line; and
// sanitising twice changes nothing.
func FuzzLine(f *testing.F) {
	for _, s := range []string{"武威市", "\x1b[31m红", "\x1b]52;c;aGk=\x07", "\x1b]8;;http://x\x1b\\link", "a\u009b31m",
		"x\u202ey", "line\nbreak", "\xff\xfe", "\x00", "tab\there"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Line(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Line(%q) = %q is not valid UTF-8", s, out)
		}
		for _, r := range out {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || isInvisible(r) {
				t.Fatalf("Line(%q) = %q still holds %U", s, out, r)
			}
		}
		if !Safe(out) || Line(out) != out {
			t.Fatalf("Line is not idempotent on %q", s)
		}
		text := Text(s)
		if strings.ContainsAny(text, "\x1b\x07\r") {
			t.Fatalf("Text(%q) = %q holds a control character", s, text)
		}
	})
}
