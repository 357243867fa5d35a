package ui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/match"
)

// Data is what the screens read. store.Viewer implements it for a local
// database; the SSH server shares one Viewer among its sessions.
type Data interface {
	Catalog() (*store.Catalog, error)
	RegionSummaries(region string, c model.Category) ([]model.Summary, error)
	IndicatorSummaries(indicator string) ([]model.Summary, error)
	Series(k model.SeriesKey) (model.Series, error)
	SourceObservations(source string, limit int) ([]model.Observation, bool, error)
	Events() ([]store.Event, error)
	Refresh() (bool, error)
}

// Context is what every page and component shares: the terminal's size,
// the language, the styles and keys, the data and its catalog. The root model
// owns it; children read it and never guess sizes themselves.
type Context struct {
	Data     Data
	Catalog  *store.Catalog
	Lang     model.Lang
	ASCII    bool
	Renderer *lipgloss.Renderer
	Styles   *Styles
	Keys     KeyMap
	Width    int
	Height   int
	// ExportDir is where "e" writes CSV files ("" means the working directory).
	ExportDir string
	// NoExport turns "e" off (over SSH, sessions must not write files on the server).
	NoExport bool
	// sortKeys memoises SortKey: lists of a province's thousands of rows
	// are sorted by the pinyin of names and subjects, and computing it in
	// every comparison made the first frame wait.
	sortKeys map[string]string
}

// T picks the Chinese or English text for the current language.
func (c *Context) T(zh, en string) string { return c.Lang.Pick(zh, en) }

// RegionName returns a region's name in the current language.
func (c *Context) RegionName(id string) string {
	if r, ok := c.Catalog.Tree.Get(id); ok {
		return r.Name(c.Lang)
	}
	return id
}

// RegionPath returns 甘肃省 › 武威市 › 凉州区 for a region.
func (c *Context) RegionPath(id string) string {
	s := ""
	for i, r := range c.Catalog.Tree.Path(id) {
		if i > 0 {
			s += c.Styles.Glyph.PathSep
		}
		s += r.Name(c.Lang)
	}
	if s == "" {
		return id
	}
	return s
}

// SortKey is match.SortText, memoised for the session. Pages call it from
// Update, never from a command's goroutine.
func (c *Context) SortKey(s string) string {
	if s == "" {
		return ""
	}
	if k, ok := c.sortKeys[s]; ok {
		return k
	}
	if c.sortKeys == nil || len(c.sortKeys) > 1<<16 { // bounded, whatever the data
		c.sortKeys = map[string]string{}
	}
	k := match.SortText(s)
	c.sortKeys[s] = k
	return k
}

// Indicator returns an indicator from the catalog (zero value if unknown).
func (c *Context) Indicator(id string) model.Indicator {
	if ind, ok := c.Catalog.Indicators[id]; ok {
		return ind
	}
	return model.Indicator{ID: id, NameZH: id, NameEN: id}
}

// page is one screen. The root gives it the body's size and routes keys,
// mouse events and data messages to it.
type page interface {
	Update(msg tea.Msg) (page, tea.Cmd)
	View() string // exactly the size SetSize gave
	SetSize(width, height int)
	// Title is shown in the header (for the overview: the region's path).
	Title() string
	// Status is the left part of the status line: counts and position.
	Status() string
	// Reload re-reads the page's data after the database changed, keeping
	// the user's place.
	Reload() tea.Cmd
}

// retrier pages failed to load and want to try again on the next tick
// (an import held the database for longer than a query waits).
type retrier interface {
	failed() bool
}

// filterable pages narrow their rows by "/".
type filterable interface {
	SetFilter(q string)
	Filter() string
}

// Messages.

// pushMsg opens a page on top of the current one (enter, c).
type pushMsg struct{ p page }

// dataChangedMsg says the database changed under the dashboard.
type dataChangedMsg struct{}

// DataChanged is the message that tells a dashboard the database changed:
// the SSH server sends it to every session after an import.
func DataChanged() tea.Msg { return dataChangedMsg{} }

// refreshTickMsg asks the root to check the database for changes.
type refreshTickMsg struct{}

// noticeMsg shows a one-line message in the status line (export path, copy).
type noticeMsg struct {
	text  string
	isErr bool
}

func push(p page) tea.Cmd { return func() tea.Msg { return pushMsg{p} } }
func notice(s string) tea.Cmd {
	return func() tea.Msg { return noticeMsg{text: s} }
}
