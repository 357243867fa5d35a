package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gansudash/gansudash/model"
)

// scenario is a screen reached by keys from the first frame.
type scenario struct {
	name  string
	keys  []string
	ascii bool
}

// typed turns a word into one key per character, as a user types it.
func typed(s string) []string {
	var out []string
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

func join(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var scenarios = []scenario{
	{name: "overview"},
	{name: "overview_investment", keys: []string{"tab"}},
	{name: "overview_industry", keys: []string{"tab", "tab"}},
	{name: "overview_desertification", keys: []string{"tab", "tab", "tab"}},
	{name: "rollup_desertification", keys: []string{"tab", "tab", "tab", "v"}},
	{name: "filter_dwzj", keys: join([]string{"/"}, typed("dwzj"))},
	{name: "detail_funds_in_place", keys: join([]string{"/"}, typed("dwzj"), []string{"enter", "enter"})},
	{name: "compare_funds_in_place", keys: []string{"c"}},
	{name: "compare_funds_in_place_2013", keys: []string{"c", "[", "["}},
	{name: "compare_single", keys: join([]string{"tab", "/"}, typed("fjndmbrw"), []string{"enter", "c"})},
	{name: "region_chooser", keys: []string{"r", "down", "down"}},
	{name: "region_find", keys: join([]string{"r", "/"}, typed("tw"))},
	{name: "region_tongwei_zone", keys: []string{"r", "G", "enter"}},
	{name: "events", keys: []string{"2"}},
	{name: "event_total", keys: []string{"2", "j", "j", "j", "j"}},
	{name: "event_figures", keys: []string{"2", "enter"}},
	{name: "sources", keys: []string{"3"}},
	{name: "source_figures", keys: []string{"3", "G", "enter"}},
	{name: "sorted_by_value", keys: []string{"s", "s", "s", "s", "s", "s", "s"}},
	{name: "help", keys: []string{"?"}},
	{name: "help_scrolled", keys: []string{"?", "pgdown"}},
	{name: "ascii", ascii: true, keys: []string{"tab", "tab", "tab"}},
	{name: "ascii_detail", ascii: true, keys: join([]string{"tab", "tab", "tab", "/"}, typed("rgzl"), []string{"enter", "enter"})},
}

func goldenPath(name string) string { return filepath.Join("testdata", "screens", name+".txt") }

// TestGoldenScreens compares screens with Chinese and English text to the
// files under testdata/screens; go test ./ui -run Golden -update rewrites them.
func TestGoldenScreens(t *testing.T) {
	db := defaultDB(t)
	sizes := map[string][2]int{"100x30": {100, 30}, "80x24": {80, 24}, "40x12": {40, 12}}
	for _, sc := range scenarios {
		for _, lang := range []model.Lang{model.Chinese, model.English} {
			for sizeName, size := range sizes {
				if sizeName != "100x30" && lang == model.English && sc.name != "overview" && sc.name != "events" {
					continue // enough to show the narrow layouts once in English
				}
				name := fmt.Sprintf("%s_%s_%s", sc.name, lang, sizeName)
				m := newTestModel(t, db, lang, sc.ascii, size[0], size[1])
				press(t, m, sc.keys...)
				got := screen(m)
				checkFrame(t, name, got, size[0], size[1])
				checkNothingCut(t, name, m)
				if sc.ascii {
					checkASCII(t, name, got)
				}
				if lang == model.Chinese {
					checkNoEnglish(t, name, m, got, sc.keys)
				}
				path := goldenPath(name)
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Errorf("%s: %v (run go test ./ui -run Golden -update to create it)", name, err)
					continue
				}
				if string(want) != got+"\n" {
					t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", name, path, got, want)
				}
			}
		}
	}
}

// TestEveryLineIsExactlyTheTerminalWidth checks every screen at many sizes
// in both languages. It runs itself in child processes under LANG=zh_CN.UTF-8
// and LANG=C.UTF-8, since a CJK locale is what breaks alignment in this stack
// (see ui/cells: go-runewidth and x/ansi disagree on ambiguous widths).
func TestEveryLineIsExactlyTheTerminalWidth(t *testing.T) {
	if os.Getenv("GANSUDASH_WIDTH_CHILD") == "" {
		for _, lang := range []string{"zh_CN.UTF-8", "C.UTF-8"} {
			cmd := exec.Command(os.Args[0], "-test.run=^TestEveryLineIsExactlyTheTerminalWidth$", "-test.v")
			cmd.Env = append(os.Environ(), "GANSUDASH_WIDTH_CHILD=1", "LANG="+lang, "LC_ALL="+lang)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("under LANG=%s:\n%s", lang, out)
			} else if !strings.Contains(string(out), "frames checked") {
				t.Errorf("under LANG=%s the child checked nothing:\n%s", lang, out)
			}
		}
		return
	}
	db := defaultDB(t)
	sizes := [][2]int{{40, 12}, {41, 13}, {60, 20}, {80, 24}, {100, 30}, {120, 40}, {200, 60}, {300, 100}}
	n := 0
	for _, sc := range scenarios {
		for _, lang := range []model.Lang{model.Chinese, model.English} {
			for _, ascii := range []bool{false, true} {
				m := newTestModel(t, db, lang, ascii || sc.ascii, 80, 24)
				press(t, m, sc.keys...)
				for _, s := range sizes {
					send(t, m, sizeMsg(s[0], s[1]))
					name := fmt.Sprintf("%s %s ascii=%v %dx%d", sc.name, lang, ascii, s[0], s[1])
					checkFrame(t, name, screen(m), s[0], s[1])
					if ascii || sc.ascii {
						checkASCII(t, name, screen(m))
					}
					n++
				}
			}
		}
	}
	t.Logf("%d frames checked under LANG=%s", n, os.Getenv("LANG"))
}
