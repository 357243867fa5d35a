package cells

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

func TestFitGivesExactWidthsWithChineseAndAmbiguousCharacters(t *testing.T) {
	for _, s := range []string{"", "abc", "招商引资到位资金", "▁▂▂▅▆█", "2025年1—5月", "“三个500强”", "≈2141.28万人次", "a招b商c"} {
		for w := 1; w <= 20; w++ {
			for name, f := range map[string]func(string, int) string{"Fit": Fit, "FitRight": FitRight, "Center": Center} {
				if got := Width(f(s, w)); got != w {
					t.Errorf("%s(%q, %d) is %d cells wide", name, s, w, got)
				}
			}
		}
	}
}

func TestTruncateKeepsWhatFits(t *testing.T) {
	tests := []struct {
		s    string
		w    int
		want string
	}{
		{"▁▂▂▅▆█", 8, "▁▂▂▅▆█"},
		{"招商引资到位资金", 15, "招商引资到位资…"},
		{"招商引资到位资金", 16, "招商引资到位资金"},
		{"abcdef", 4, "abc…"},
		{"ab", 0, ""},
	}
	for _, tt := range tests {
		if got := Truncate(tt.s, tt.w, "…"); got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.s, tt.w, got, tt.want)
		}
	}
}

// The width of ambiguous characters must not depend on the locale: run the
// same measurement under zh_CN.UTF-8 and C.UTF-8 in child processes.
func TestWidthIsTheSameUnderEveryLocale(t *testing.T) {
	if os.Getenv("CELLS_CHILD") == "1" {
		Init()
		for _, s := range []string{"▁▂▃▄▅▆▇█", "…—“”", "①²▲▼≈·■"} {
			if rw := runewidth.StringWidth(s); rw != Width(s) {
				os.Stdout.WriteString("go-runewidth disagrees: " + s + "\n")
			}
			os.Stdout.WriteString(strings.Repeat("x", Width(s)) + "\n")
		}
		return
	}
	var outputs []string
	for _, lang := range []string{"C.UTF-8", "zh_CN.UTF-8", "ja_JP.UTF-8"} {
		cmd := exec.Command(os.Args[0], "-test.run=TestWidthIsTheSameUnderEveryLocale")
		cmd.Env = append(os.Environ(), "CELLS_CHILD=1", "LANG="+lang, "LC_ALL="+lang)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("LANG=%s: %v", lang, err)
		}
		outputs = append(outputs, string(out))
	}
	for i := 1; i < len(outputs); i++ {
		if outputs[i] != outputs[0] {
			t.Errorf("widths differ between locales:\n%s\nvs\n%s", outputs[0], outputs[i])
		}
	}
}

func TestWrapKeepsLinesWithinWidth(t *testing.T) {
	text := "Heavy-ion treatment capacity 较上年提高了3倍 (up 3-fold on 2023, after opening treatment rooms 3 and 4)"
	for w := 1; w <= 30; w++ {
		lines := Wrap(text, w)
		joined := ""
		for _, l := range lines {
			if Width(l) > w && w >= 2 {
				t.Errorf("Wrap(w=%d) gave a %d-cell line %q", w, Width(l), l)
			}
			joined += l
		}
		if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Errorf("Wrap(w=%d) lost text: %q", w, joined)
		}
	}
}

func TestFitMiddleKeepsTheEndsThatTellNamesApart(t *testing.T) {
	for _, tc := range []struct {
		in   string
		w    int
		want string
	}{
		{"分解年度目标任务的县区", 12, "分解…的县区 "},
		{"分解年度目标任务的其他市直部门", 12, "分解…直部门 "},
		{"到位资金", 12, "到位资金    "},
		{"Funds in place from outside the province", 16, "Funds … province"},
	} {
		got := FitMiddle(tc.in, tc.w)
		if got != tc.want || Width(got) != tc.w {
			t.Errorf("FitMiddle(%q, %d) = %q (%d cells), want %q", tc.in, tc.w, got, Width(got), tc.want)
		}
	}
}

func TestASCIIFoldingKeepsEveryWidth(t *testing.T) {
	Init()
	pairs := ASCIIPairs()
	for i := 0; i < len(pairs); i += 2 {
		from, to := pairs[i], pairs[i+1]
		if Width(from) != Width(to) {
			t.Errorf("%q (%d cells) folds to %q (%d cells)", from, Width(from), to, Width(to))
		}
		for _, r := range to {
			if r > 0x7e {
				t.Errorf("%q folds to non-ASCII %q", from, to)
			}
		}
		if got := ASCII("a" + from + "中"); got != "a"+to+"中" {
			t.Errorf("ASCII(%q) = %q", from, got)
		}
	}
	if s := "纯文本 plain"; ASCII(s) != s {
		t.Errorf("text without symbols changed: %q", ASCII(s))
	}
}
