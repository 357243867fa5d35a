package cli

import (
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui"
)

// reportCommand is the report front end the SSH server uses too, reading
// the database --db names and writing to this process's terminal or pipe.
func (a *app) reportCommand() *cobra.Command {
	env := ui.ReportEnv{Out: a.env.Stdout, Getenv: a.env.Getenv, Lang: a.lang}
	env.Data = func(wait time.Duration) (ui.Data, error) {
		path, err := a.dbPath(true)
		if err != nil {
			return nil, err
		}
		return store.OpenViewer(path, wait)
	}
	if f, ok := a.env.Stdout.(*os.File); ok && term.IsTerminal(f.Fd()) {
		env.TTY = true
		if w, _, err := term.GetSize(f.Fd()); err == nil {
			env.Width = w
		}
	}
	return ui.ReportCommand(env)
}
