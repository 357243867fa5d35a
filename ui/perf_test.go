package ui

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/store/synth"
)

var (
	millionOnce sync.Once
	millionPath string
)

// millionDB is a database of a million synthetic figures, built once per
// test binary, only when a benchmark asks for it.
func millionDB(b *testing.B) string {
	millionOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gansudash-ui-1m-")
		if err != nil {
			b.Fatal(err)
		}
		millionPath = filepath.Join(dir, "1m.db")
		if err := synth.BuildDB(millionPath, synth.Options{}); err != nil {
			b.Fatal(err)
		}
	})
	return millionPath
}

// BenchmarkOpenAndFirstFrame1M measures what an official waits for when
// the dashboard starts on a million-figure database: open the store, read
// the catalog and the first table, size the screen and draw the first frame
// at 200x60. It reads summaries, never the observations.
func BenchmarkOpenAndFirstFrame1M(b *testing.B) { benchFirstFrame(b, millionDB(b)) }

// BenchmarkOpenAndFirstFrameDefault is the same on the 185-figure default
// database: the first frame costs about the same whatever the database's size.
func BenchmarkOpenAndFirstFrameDefault(b *testing.B) { benchFirstFrame(b, defaultDB(b)) }

func benchFirstFrame(b *testing.B, path string) {
	b.ReportAllocs()
	for b.Loop() {
		v, err := store.OpenViewer(path, 0)
		if err != nil {
			b.Fatal(err)
		}
		ctx := &Context{Data: v, Lang: model.Chinese, Renderer: plainRenderer()}
		m, err := New(ctx, DashboardOptions{})
		if err != nil {
			b.Fatal(err)
		}
		m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
		if frame := m.View(); len(frame) == 0 {
			b.Fatal("no frame")
		}
		v.Close()
	}
}
