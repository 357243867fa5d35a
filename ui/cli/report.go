package cli

import (
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/ui"
)

// reportCommand is the report front end the SSH server uses too, reading
// the database --db names and writing to this process's terminal or pipe.
func (a *app) reportCommand() *cobra.Command {
	env := ui.ReportEnv{Data: a.data, Out: a.env.Stdout, Getenv: a.env.Getenv}
	if f, ok := a.env.Stdout.(*os.File); ok && term.IsTerminal(f.Fd()) {
		env.TTY = true
		if w, _, err := term.GetSize(f.Fd()); err == nil {
			env.Width = w
		}
		env.Renderer = lipgloss.NewRenderer(f)
	}
	return ui.ReportCommand(env)
}
