package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
)

// fuzzKeys are the keys a fuzzed session presses: every binding and more.
var fuzzKeys = []string{"j", "k", "h", "l", "g", "G", "up", "down", "left", "right", "pgup", "pgdown", "home", "end",
	"ctrl+u", "ctrl+d", "tab", "shift+tab", "enter", "esc", "r", "c", "/", "s", "L", "?", "1", "2", "3", "e", "y",
	"z", "s", "y", "长", "backspace", "x", "0"}

// FuzzDashboardUpdate drives the dashboard with random sequences of keys,
// mouse events and window sizes: it must never panic, and after each event
// every line of the frame must be exactly the terminal's width.
func FuzzDashboardUpdate(f *testing.F) {
	db := defaultDB(f)
	f.Add([]byte{0, 1, 2, 3, 200, 40, 12, 4, 5})
	f.Add([]byte{18, 19, 20, 21, 22, 16, 17, 24, 25})
	f.Add([]byte{201, 1, 1, 255, 10, 202, 3, 100, 203, 5, 7, 1})
	f.Add([]byte{15, 25, 26, 27, 30, 31, 32, 14, 14, 14})
	f.Fuzz(func(t *testing.T, script []byte) {
		if len(script) > 200 {
			script = script[:200]
		}
		m := newTestModel(t, db, model.Chinese, len(script)%2 == 1, 80, 24)
		m.ctx.NoExport = true // fuzzing must not write files
		w, h := 80, 24
		for i := 0; i < len(script); i++ {
			b := script[i]
			var msg tea.Msg
			switch {
			case b < 200:
				msg = keyMsg(fuzzKeys[int(b)%len(fuzzKeys)])
			case b < 230 && i+2 < len(script):
				w, h = int(script[i+1])%310, int(script[i+2])%110
				msg = sizeMsg(w, h)
				i += 2
			case i+2 < len(script):
				buttons := []tea.MouseButton{tea.MouseButtonLeft, tea.MouseButtonWheelUp, tea.MouseButtonWheelDown, tea.MouseButtonRight}
				msg = tea.MouseMsg{X: int(script[i+1]) % 320, Y: int(script[i+2]) % 120,
					Button: buttons[int(b)%len(buttons)], Action: tea.MouseActionPress}
				i += 2
			default:
				continue
			}
			m.Update(msg) // commands (loads) are not run: pages must cope with data that never came
			frame := m.View()
			if w > 0 && h > 0 {
				checkFrame(t, "fuzzed frame", frame, w, h)
			}
		}
	})
}
