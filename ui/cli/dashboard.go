package cli

import (
	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/ui"
)

func (a *app) dashboardFlags(root *cobra.Command) {
	f := root.Flags()
	f.BoolVar(&a.dash.ascii, "ascii", false, a.t("只用 ASCII 字符绘制（TERM=linux 和 TERM=dumb 时自动如此）", "draw with ASCII only (automatic on TERM=linux and TERM=dumb)"))
	f.StringVar(&a.dash.region, "region", "", a.t("打开时显示的`地区`（ID 或名称）", "region to open on (ID or name)"))
	f.StringVar(&a.dash.category, "category", "", a.t("打开时显示的`类别`标签页", "category tab to open on"))
}

// runDashboard opens the dashboard in the terminal. The database is found
// (and a mistyped --db refused) before the terminal is touched.
func (a *app) runDashboard(cmd *cobra.Command, _ []string) error {
	l, err := ui.DetectLang(a.langFlag, a.env.Getenv)
	if err != nil {
		return ui.UsageErr(err)
	}
	path, err := a.dbPath(true)
	if err != nil {
		return err
	}
	return ui.Run(ui.RunOptions{DB: path, Lang: l, ASCII: ui.WantASCII(a.dash.ascii, a.env.Getenv("TERM")),
		Region: a.dash.region, Category: a.dash.category})
}
