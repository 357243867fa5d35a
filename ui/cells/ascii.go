package cells

import (
	"strings"
	"unicode/utf8"
)

// asciiPairs maps every symbol the screens draw outside ASCII to an ASCII
// one of the same width in cells, so that a frame folded to ASCII keeps its
// geometry. Chinese text stays: ASCII mode is for consoles and fonts
// without box-drawing and symbol glyphs, not for readers without Chinese.
var asciiPairs = []string{
	"…", ".", "·", ".", "—", "-", "–", "-", "×", "x", "÷", "/",
	"▲", "^", "▼", "v", "↑", "^", "↓", "v", "←", "<", "→", ">",
	"▸", ">", "›", ">", "‹", "<", "│", "|", "─", "-", "≈", "~",
	"“", "\"", "”", "\"", "‘", "'", "’", "'", "░", "=", "±", "+",
	"≥", ">", "≤", "<", "•", "*", "▏", "|", "▎", "|", "▍", "|",
	"▌", "|", "▋", "|", "▊", "#", "▉", "#", "█", "#", "▁", "_",
	"▂", ".", "▃", "-", "▄", "~", "▅", "=", "▆", "+", "▇", "*",
}

var asciiReplacer = strings.NewReplacer(asciiPairs...)

// ASCII folds the drawing symbols of s to ASCII, cell for cell.
func ASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return asciiReplacer.Replace(s)
		}
	}
	return s
}

// ASCIIPairs returns the symbol pairs ASCII replaces, for tests.
func ASCIIPairs() []string { return append([]string(nil), asciiPairs...) }
