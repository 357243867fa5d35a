package ui

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/gansudash/gansudash/ui/spark"
)

// CellStyle names how a table cell is drawn; the table looks the style up in
// Styles, so rows carry no lipgloss values and can be cached.
type CellStyle uint8

// Cell styles.
const (
	CellPlain   CellStyle = iota
	CellDim               // secondary text: periods, counts, units
	CellUp                // an increase
	CellDown              // a decrease
	CellAccent            // sparklines and bars
	CellDerived           // computed, not published
	CellWarn              // sources disagree
	cellStyles
)

// Glyphs are the symbols the screens draw with: Unicode by default, ASCII
// for consoles and fonts without block characters (--ascii, TERM=linux).
type Glyphs struct {
	ASCII    bool
	Up, Down string // before a change
	PathSep  string // 甘肃省 › 武威市
	Ellipsis string
	HRule    string
	VRule    string
	Approx   string // before a derived value
	Cursor   string // marks the selected row without relying on colour
	Bullet   string
	Spark    spark.GlyphSet
}

func newGlyphs(ascii bool) Glyphs {
	if ascii {
		return Glyphs{ASCII: true, Up: "^", Down: "v", PathSep: " > ", Ellipsis: "...", HRule: "-", VRule: "|",
			Approx: "~", Cursor: ">", Bullet: "*", Spark: spark.ASCII}
	}
	return Glyphs{Up: "▲", Down: "▼", PathSep: " › ", Ellipsis: "…", HRule: "─", VRule: "│",
		Approx: "≈", Cursor: "▸", Bullet: "•", Spark: spark.Blocks}
}

// Styles holds every style of the dashboard, built from one renderer so that
// over SSH colours follow the client's terminal, not the server's stdout.
type Styles struct {
	Glyph Glyphs
	// NoColor is set when the terminal gets no colour or attributes
	// (NO_COLOR, a dumb terminal, a pipe): marks that colour or underline
	// carry elsewhere are then written as text ([active tab]).
	NoColor bool

	Title, HeaderPath, HeaderPeriod lipgloss.Style
	View, ViewActive                lipgloss.Style
	Tab, TabActive, TabCount        lipgloss.Style
	TableHeader                     lipgloss.Style
	Selected                        lipgloss.Style
	Cell                            [cellStyles]lipgloss.Style
	Rule                            lipgloss.Style
	Region, RegionCurrent, RegionNo lipgloss.Style
	Status, StatusKey, StatusDesc   lipgloss.Style
	Heading, Label, Fragment, Note  lipgloss.Style
	Notice, Error                   lipgloss.Style
}

// Colours adapt to light and dark terminals. Rising figures are red and
// falling ones green, as Chinese officials read charts (红涨绿跌); every
// change also carries ▲/▼ and a sign, so nothing depends on colour.
var (
	colAccent   = lipgloss.AdaptiveColor{Light: "#005F87", Dark: "#5FAFFF"}
	colUp       = lipgloss.AdaptiveColor{Light: "#B71C1C", Dark: "#FF6B6B"}
	colDown     = lipgloss.AdaptiveColor{Light: "#1B5E20", Dark: "#69DB7C"}
	colDim      = lipgloss.AdaptiveColor{Light: "#6C6C6C", Dark: "#8A8A8A"}
	colWarn     = lipgloss.AdaptiveColor{Light: "#8A5300", Dark: "#FFB454"}
	colSelected = lipgloss.AdaptiveColor{Light: "#D7E8F7", Dark: "#264F78"}
	colBar      = lipgloss.AdaptiveColor{Light: "#E4E4E4", Dark: "#303030"}
)

// NewStyles builds the styles for one terminal.
func NewStyles(r *lipgloss.Renderer, ascii bool) *Styles {
	ns := r.NewStyle
	s := &Styles{Glyph: newGlyphs(ascii), NoColor: r.ColorProfile() == termenv.Ascii}
	s.Title = ns().Bold(true).Foreground(colAccent)
	s.HeaderPath = ns().Bold(true)
	s.HeaderPeriod = ns().Foreground(colDim)
	s.View = ns().Foreground(colDim)
	s.ViewActive = ns().Bold(true).Foreground(colAccent).Underline(true)
	s.Tab = ns().Foreground(colDim)
	s.TabActive = ns().Bold(true).Foreground(colAccent).Underline(true)
	s.TabCount = ns().Foreground(colDim)
	s.TableHeader = ns().Bold(true)
	s.Selected = ns().Background(colSelected).Bold(true)
	s.Cell[CellPlain] = ns()
	s.Cell[CellDim] = ns().Foreground(colDim)
	s.Cell[CellUp] = ns().Foreground(colUp)
	s.Cell[CellDown] = ns().Foreground(colDown)
	s.Cell[CellAccent] = ns().Foreground(colAccent)
	s.Cell[CellDerived] = ns().Foreground(colDim).Italic(true)
	s.Cell[CellWarn] = ns().Foreground(colWarn)
	s.Rule = ns().Foreground(colBar)
	s.Region = ns()
	s.RegionCurrent = ns().Bold(true).Foreground(colAccent)
	s.RegionNo = ns().Foreground(colDim)
	s.Status = ns().Foreground(colDim)
	s.StatusKey = ns().Bold(true)
	s.StatusDesc = ns().Foreground(colDim)
	s.Heading = ns().Bold(true)
	s.Label = ns().Foreground(colDim)
	s.Fragment = ns().Foreground(colAccent)
	s.Note = ns().Foreground(colDim)
	s.Notice = ns().Bold(true).Foreground(colWarn)
	s.Error = ns().Bold(true).Foreground(colUp)
	return s
}
