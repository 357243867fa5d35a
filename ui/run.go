package ui

import (
	"io"
	"os"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/cells"
)

// DetectLang decides the language, the one rule for the command line, the
// dashboard and the SSH server's sessions: the flag when given; otherwise the
// first of LC_ALL, LC_MESSAGES and LANG that names a language decides, English
// for en (en, en_US.UTF-8, ...) and Chinese for anything else. A variable that
// is empty, C or POSIX (C.UTF-8, POSIX, ...) names no language and counts as
// unset; with none set, the language is Chinese.
func DetectLang(flag string, getenv func(string) string) (model.Lang, error) {
	if flag != "" {
		return model.ParseLang(flag)
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		lang, ok := localeLang(getenv(name))
		if ok {
			return lang, nil
		}
	}
	return model.Chinese, nil
}

// localeLang reads a locale such as zh_CN.UTF-8, en_US, en_GB.utf8@euro or
// C.UTF-8: ok is false when it names no language (empty, C, POSIX).
func localeLang(loc string) (lang model.Lang, ok bool) {
	loc = strings.ToLower(strings.TrimSpace(loc))
	if i := strings.IndexAny(loc, ".@"); i >= 0 {
		loc = loc[:i]
	}
	if i := strings.IndexAny(loc, "_-"); i >= 0 {
		loc = loc[:i]
	}
	switch loc {
	case "", "c", "posix":
		return model.Chinese, false
	case "en":
		return model.English, true
	}
	return model.Chinese, true
}

// LangArg returns the value of the last --lang among a command line's
// arguments (before "--"), or "" when there is none. The language must be
// known before the command line is parsed: the help texts and the parser's
// own errors are in it.
func LangArg(args []string) string {
	lang := ""
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--":
			return lang
		case a == "--lang" && i+1 < len(args):
			lang = args[i+1]
			i++
		case strings.HasPrefix(a, "--lang="):
			lang = strings.TrimPrefix(a, "--lang=")
		}
	}
	return lang
}

// CommandLang is the language of a command line's help and messages: its
// --lang when that is valid, else the environment's (DetectLang). A --lang
// that is not valid is refused when the command line is parsed, in this
// language.
func CommandLang(args []string, getenv func(string) string) model.Lang {
	if l, err := DetectLang(LangArg(args), getenv); err == nil {
		return l
	}
	l, _ := DetectLang("", getenv)
	return l
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
		return model.Errorf("仪表盘：%w", "dashboard: %w", err)
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

// The --lang flag's usage, the same for every command that takes it.
const (
	LangUsageZH = "`语言`：zh 或 en（默认：按 LC_ALL、LC_MESSAGES、LANG 的语言，英文区域设置为 en，其余为 zh）"
	LangUsageEN = "language: zh or en (default: en under an English locale in LC_ALL, LC_MESSAGES or LANG, else zh)"
)
