package cli

import (
	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/ui"
)

func (a *app) dashboardFlags(root *cobra.Command) {
	f := root.Flags()
	f.StringVar(&a.dash.lang, "lang", "", "language: zh or en (default: from LC_ALL/LANG, else zh)")
	f.BoolVar(&a.dash.ascii, "ascii", false, "draw with ASCII only (automatic on TERM=linux and TERM=dumb)")
	f.StringVar(&a.dash.region, "region", "", "region to open on (ID or name)")
	f.StringVar(&a.dash.category, "category", "", "category tab to open on")
}

// runDashboard opens the dashboard in the terminal.
func (a *app) runDashboard(cmd *cobra.Command, _ []string) error {
	l, err := ui.DetectLang(a.dash.lang, a.env.Getenv)
	if err != nil {
		return ui.UsageError{Msg: err.Error()}
	}
	path, err := a.dbPath(true)
	if err != nil {
		return err
	}
	return ui.Run(ui.RunOptions{DB: path, Lang: l, ASCII: ui.WantASCII(a.dash.ascii, a.env.Getenv("TERM")),
		Region: a.dash.region, Category: a.dash.category})
}
