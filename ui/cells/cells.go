package cells

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
)

// Init makes go-runewidth (used by bubbles' text input) agree with x/ansi on
// ambiguous-width characters, whatever the locale. Call it once at start-up.
func Init() {
	runewidth.DefaultCondition.EastAsianWidth = false
	runewidth.DefaultCondition.StrictEmojiNeutral = true
}

// Width returns the display width of s in cells, ignoring escape sequences.
func Width(s string) int { return ansi.StringWidth(s) }

// Truncate cuts s to at most w cells, ending in tail when it cuts. A wide
// character that would straddle the edge is dropped, so the result may be one
// cell short: use Fit for an exact width.
func Truncate(s string, w int, tail string) string {
	if w <= 0 {
		return ""
	}
	if Width(s) <= w {
		return s
	}
	if Width(tail) > w {
		tail = ""
	}
	return ansi.Truncate(s, w, tail)
}

// Fit returns s cut or padded with spaces to exactly w cells, left-aligned.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = Truncate(s, w, "…")
	if pad := w - Width(s); pad > 0 {
		return s + strings.Repeat(" ", pad)
	}
	return s
}

// FitRight is Fit, right-aligned: numbers line up on their last digit.
func FitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = Truncate(s, w, "…")
	if pad := w - Width(s); pad > 0 {
		return strings.Repeat(" ", pad) + s
	}
	return s
}

// Center is Fit with the text centred.
func Center(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = Truncate(s, w, "…")
	pad := w - Width(s)
	left := pad / 2
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", pad-left)
}

// FitLines makes every line of s exactly w cells wide and returns exactly h
// lines (cut or padded with blank lines).
func FitLines(s string, w, h int) string {
	if h <= 0 || w <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	blank := strings.Repeat(" ", w)
	for i, l := range lines {
		lines[i] = Fit(l, w)
	}
	for len(lines) < h {
		lines = append(lines, blank)
	}
	return strings.Join(lines, "\n")
}

// Wrap breaks s into lines of at most w cells. Chinese text breaks anywhere;
// text with spaces breaks at the last space that fits.
func Wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		for Width(para) > w {
			cut := ansi.Truncate(para, w, "")
			if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
				cut = cut[:i+1]
			}
			if cut == "" { // a character wider than w
				cut = string([]rune(para)[:1])
			}
			lines = append(lines, strings.TrimRight(cut, " "))
			para = strings.TrimLeft(para[len(cut):], " ")
		}
		lines = append(lines, para)
	}
	return lines
}

// FitMiddle is Fit that cuts in the middle: the start and the end of s stay,
// joined by …, so that names sharing a long beginning (分解年度目标任务的县区,
// 分解年度目标任务的其他市直部门) stay told apart when cut.
func FitMiddle(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) <= w {
		return Fit(s, w)
	}
	if w < 5 {
		return Fit(s, w)
	}
	runes := []rune(s)
	headW := (w - 1) * 2 / 5
	head, hw := "", 0
	for i, r := range runes {
		rw := Width(string(r))
		if hw+rw > headW {
			runes = runes[i:]
			break
		}
		head += string(r)
		hw += rw
	}
	tailW := w - 1 - hw
	tail, tw := "", 0
	for i := len(runes) - 1; i >= 0; i-- {
		rw := Width(string(runes[i]))
		if tw+rw > tailW {
			break
		}
		tail = string(runes[i]) + tail
		tw += rw
	}
	return Fit(head+"…"+tail, w)
}
