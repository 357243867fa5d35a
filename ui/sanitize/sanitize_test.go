package sanitize

import (
	"strings"
	"testing"
)

func TestLineNeutralisesEverythingThatCouldAttackATerminal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"武威市", "武威市"},
		{"\x1b[31m红\x1b[0m", "␛[31m红␛[0m"},
		{"\x1b]52;c;aGk=\x07", "␛]52;c;aGk=␇"},
		{"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "␛]8;;http://x␛\\link␛]8;;␛\\"},
		{"\x1bP1$r\x1b\\", "␛P1$r␛\\"},
		{"a\u009b31mb", "a\ufffd31mb"},
		{"line1\nline2", "line1↵line2"},
		{"crlf\r\nnext", "crlf↵next"},
		{"tab\there", "tab here"},
		{"abc\u202edef\u202c", "abcdef"},
		{"x\u2066y\u2069", "xy"},
		{"zero\u200bwidth", "zerowidth"},
		{"⚠\ufe0f", "⚠"},
		{"bad\xffbyte", "bad\ufffdbyte"},
		{"\x00\x7f", "␀␡"},
	}
	for _, tt := range tests {
		got := Line(tt.in)
		if got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !Safe(got) {
			t.Errorf("Line(%q) = %q is not itself safe", tt.in, got)
		}
		if strings.ContainsRune(got, 0x1b) || strings.ContainsRune(got, '\n') {
			t.Errorf("Line(%q) = %q still holds ESC or a line break", tt.in, got)
		}
	}
}

func TestTextKeepsLineBreaksOnly(t *testing.T) {
	if got := Text("a\r\nb\x1b[2Jc"); got != "a\nb␛[2Jc" {
		t.Errorf("Text = %q", got)
	}
}

func TestSafeTextIsReturnedAsIs(t *testing.T) {
	s := "甘肃省 › 武威市: 44.9亿元 (50多家) ▁▂▃"
	if !Safe(s) || Line(s) != s {
		t.Errorf("plain text was altered: %q", Line(s))
	}
}

func TestTheWriterNeutralisesControlsAcrossWrites(t *testing.T) {
	var out strings.Builder
	w := NewWriter(&out)
	attack := "武威\x1b]52;c;aGFja2Vk\x07市\u202e\x9b31m\r\n下一行\x1b[2J"
	// Every split point: escapes and characters cut between two writes.
	for i := 0; i <= len(attack); i++ {
		out.Reset()
		w.Write([]byte(attack[:i]))
		w.Write([]byte(attack[i:]))
		w.Flush()
		got := out.String()
		if got != Text(attack) {
			t.Fatalf("split at %d: %q, want %q", i, got, Text(attack))
		}
		if !Safe(strings.ReplaceAll(got, "\n", "")) {
			t.Fatalf("split at %d: %q is not safe", i, got)
		}
	}
}
