package ui

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/store/synth"
)

// The dashboard's benchmarks at one and ten million synthetic figures. The
// databases are built once per test binary, only when a benchmark of that
// size runs; ten million only with GANSUDASH_10M=1 (2.76 GB, about a
// minute to build). GANSUDASH_BENCH_DIR shares them with the store's
// benchmarks and keeps them for the next run:
//
//	go test ./ui -run XXX -bench '1M$'
//	GANSUDASH_10M=1 GANSUDASH_BENCH_DIR=/var/tmp/gansudash go test ./ui -run XXX -bench '10M$'

var (
	syntheticMu    sync.Mutex
	syntheticPaths = map[string]string{}
	syntheticTemps []string
)

// syntheticDB returns the synthetic database of a size ("1M" or "10M").
func syntheticDB(b *testing.B, size string) string {
	b.Helper()
	opt := synth.Options{}
	if size == "10M" {
		if os.Getenv("GANSUDASH_10M") == "" {
			b.Skip("set GANSUDASH_10M=1 to build ten million figures (2.76 GB) and measure")
		}
		opt = synth.National(10_000_000)
	}
	syntheticMu.Lock()
	defer syntheticMu.Unlock()
	if p, ok := syntheticPaths[size]; ok {
		return p
	}
	dir := os.Getenv("GANSUDASH_BENCH_DIR")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "gansudash-ui-"+size+"-"); err != nil {
			b.Fatal(err)
		}
		syntheticTemps = append(syntheticTemps, dir)
	}
	path := filepath.Join(dir, size+".db")
	if _, err := os.Stat(path); err != nil {
		if err := synth.BuildDB(path, opt); err != nil {
			b.Fatal(err)
		}
	}
	syntheticPaths[size] = path
	return path
}

// BenchmarkOpenAndFirstFrame1M measures what an official waits for when
// the dashboard starts on a million-figure database: open the store, read
// the catalog and the first table, size the screen and draw the first frame
// at 200x60. It reads summaries, never the observations.
func BenchmarkOpenAndFirstFrame1M(b *testing.B)  { benchFirstFrame(b, syntheticDB(b, "1M")) }
func BenchmarkOpenAndFirstFrame10M(b *testing.B) { benchFirstFrame(b, syntheticDB(b, "10M")) }

// BenchmarkOpenAndFirstFrameDefault is the same on the default database:
// the first frame costs about the same whatever the database's size.
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

// benchKeyDown measures one ↓ keypress (Update + View) at 200x60 in true
// colour on the first table of a synthetic database, turning back at either
// end: what a key costs once the dashboard is open.
func benchKeyDown(b *testing.B, path string) {
	m := colourModel(b, path)
	down, up := tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}
	ov := m.views[viewOverview].(*overview)
	n := ov.table.Len()
	if n < 2 || !strings.Contains(m.View(), "\x1b[") {
		b.Fatalf("the first table has %d rows, or the frame no colour", n)
	}
	msg := down
	b.ReportAllocs()
	for b.Loop() {
		switch ov.table.Cursor() {
		case n - 1:
			msg = up
		case 0:
			msg = down
		}
		m.Update(msg)
		_ = m.View()
	}
	b.ReportMetric(float64(n), "rows")
}

func BenchmarkKeyDown200x60On1M(b *testing.B)  { benchKeyDown(b, syntheticDB(b, "1M")) }
func BenchmarkKeyDown200x60On10M(b *testing.B) { benchKeyDown(b, syntheticDB(b, "10M")) }

// benchFullFrame measures drawing the whole first screen at 200x60 in true
// colour.
func benchFullFrame(b *testing.B, path string) {
	m := colourModel(b, path)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

func BenchmarkViewFullFrame200x60On1M(b *testing.B)  { benchFullFrame(b, syntheticDB(b, "1M")) }
func BenchmarkViewFullFrame200x60On10M(b *testing.B) { benchFullFrame(b, syntheticDB(b, "10M")) }
