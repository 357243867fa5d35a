package ui

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/cells"
)

var update = flag.Bool("update", false, "rewrite the golden screens under testdata/")

func TestMain(m *testing.M) {
	cells.Init()
	code := m.Run()
	for _, d := range syntheticTemps { // the benchmarks' databases (perf_test.go)
		os.RemoveAll(d)
	}
	if defaultDBPath != "" {
		os.RemoveAll(filepath.Dir(defaultDBPath))
	}
	os.Exit(code)
}

// defaultDB creates a database with the default dataset, once per test binary.
var defaultDBPath string

func defaultDB(t testing.TB) string {
	t.Helper()
	if defaultDBPath == "" {
		dir, err := os.MkdirTemp("", "gansudash-ui-")
		if err != nil {
			t.Fatal(err)
		}
		defaultDBPath = filepath.Join(dir, "gansudash.db")
		if _, err := store.EnsureDefault(defaultDBPath); err != nil {
			t.Fatal(err)
		}
	}
	return defaultDBPath
}

// plainRenderer renders without colour, so screens compare as text.
func plainRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return r
}

// newTestModel opens the dashboard on path at a fixed size.
func newTestModel(t testing.TB, path string, lang model.Lang, ascii bool, w, h int) *Model {
	t.Helper()
	v, err := store.OpenViewer(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	ctx := &Context{Data: v, Lang: lang, ASCII: ascii, Renderer: plainRenderer()}
	m, err := New(ctx, DashboardOptions{})
	if err != nil {
		t.Fatal(err)
	}
	send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// send delivers msg and runs the commands it returns (data loads) until
// none are left, as the Bubble Tea runtime would.
func send(t testing.TB, m *Model, msg tea.Msg) {
	t.Helper()
	queue := []tea.Msg{msg}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("messages keep coming: a command loop?")
		}
		next := queue[0]
		queue = queue[1:]
		_, cmd := m.Update(next)
		m.View() // the runtime draws after every update; zones for the mouse are laid out there
		queue = append(queue, runCmd(t, cmd)...)
	}
}

// runCmd runs a command and returns its messages; a command that takes
// longer than a second (a tick) is dropped.
func runCmd(t testing.TB, cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(time.Second):
		return nil
	}
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runCmd(t, c)...)
		}
		return out
	case tea.QuitMsg:
		return nil
	}
	return []tea.Msg{msg}
}

// keyMsg turns "j", "enter", "tab", "esc", "shift+tab", "ctrl+d" ... into key messages.
func keyMsg(s string) tea.KeyMsg {
	special := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"ctrl+c": tea.KeyCtrlC, "ctrl+d": tea.KeyCtrlD, "ctrl+u": tea.KeyCtrlU, "backspace": tea.KeyBackspace,
	}
	if k, ok := special[s]; ok {
		return tea.KeyMsg{Type: k}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func press(t testing.TB, m *Model, keys ...string) {
	t.Helper()
	for _, k := range keys {
		send(t, m, keyMsg(k))
	}
}

// screen is the current frame.
func screen(m *Model) string { return m.View() }

// checkFrame fails unless the frame is exactly w×h cells.
func checkFrame(t testing.TB, name, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		t.Errorf("%s: %d lines, want %d", name, len(lines), h)
	}
	for i, l := range lines {
		if got := cells.Width(l); got != w {
			t.Errorf("%s: line %d is %d cells wide, want %d: %q", name, i, got, w, l)
			return
		}
	}
}

func sizeMsg(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }
