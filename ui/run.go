package ui

import (
	"fmt"
	"io"
	"os"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/cells"
)

// DetectLang decides the language: the flag when given; otherwise Chinese
// when the locale (LC_ALL, else LANG) starts with zh or no locale is set, and
// English for any other locale.
func DetectLang(flag string, getenv func(string) string) (model.Lang, error) {
	if flag != "" {
		return model.ParseLang(flag)
	}
	loc := getenv("LC_ALL")
	if loc == "" {
		loc = getenv("LANG")
	}
	if loc == "" || strings.HasPrefix(strings.ToLower(loc), "zh") {
		return model.Chinese, nil
	}
	return model.English, nil
}

// WantASCII reports whether to draw with ASCII only: when asked, or on
// terminals known to lack block and box characters (the Linux console, dumb).
func WantASCII(flag bool, term string) bool {
	return flag || term == "linux" || term == "dumb"
}

// RunOptions configure the local dashboard.
type RunOptions struct {
	DB       string // database path
	Lang     model.Lang
	ASCII    bool
	Region   string // ID or name; "" opens the region with the most figures
	Category string // ID or name; "" opens the first tab
	Input    io.Reader
	Output   io.Writer
}

// Run opens the dashboard in the terminal and returns when the user quits.
// The database is read through a Viewer, so imports by other processes are
// never blocked and show up within a second.
func Run(opt RunOptions) error {
	cells.Init()
	viewer, err := store.OpenViewer(opt.DB, 0)
	if err != nil {
		return err
	}
	out := opt.Output
	if out == nil {
		out = os.Stdout
	}
	ctx := &Context{Data: viewer, Lang: opt.Lang, ASCII: opt.ASCII, Renderer: terminalRenderer(out)}
	var o DashboardOptions
	o.Refresh = true
	cat, err := viewer.Catalog()
	if err != nil {
		return err
	}
	if o.Region, err = cat.ResolveRegion(opt.Region); err != nil {
		return err
	}
	if opt.Category != "" {
		if o.Category, err = model.ParseCategory(opt.Category); err != nil {
			return err
		}
	}
	m, err := New(ctx, o)
	if err != nil {
		return err
	}
	popts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithOutput(out)}
	if opt.Input != nil {
		popts = append(popts, tea.WithInput(opt.Input))
	}
	if _, err := tea.NewProgram(m, popts...).Run(); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	return nil
}

// terminalRenderer makes the renderer for the local terminal and settles
// its background colour now, before Bubble Tea reads the keyboard: asked
// later, the terminal's answer is read as keys and the query waits five
// seconds for nothing. It also becomes lipgloss's default renderer, so
// bubbles' own default styles never ask a second time.
func terminalRenderer(out io.Writer) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(out)
	r.HasDarkBackground()
	lipgloss.SetDefaultRenderer(r)
	return r
}
