package cli

import (
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/ui"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// Env is what the commands run in: the process's streams and environment.
// Tests give their own.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// SystemEnv is the process's own environment.
func SystemEnv() *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// NewRoot builds the command tree: the dashboard at the root, and a
// command for each way figures move in and out.
func NewRoot(env *Env) *cobra.Command {
	app := &app{env: env}
	root := &cobra.Command{
		Use:   "gansudash",
		Short: "Gansu investment, industry and desertification-control figures, each with its source",
		Long: `gansudash: Gansu investment-attraction (招商引资), industrial-output (工业) and
desertification-control (防沙治沙) figures, each with where it was published.

Without a command it opens the dashboard; the first run creates the database from the
embedded default figures.`,
		Example: `  gansudash                              open the dashboard
  gansudash --region 武威市 --category 防沙治沙
  gansudash import 2025年5月.xlsx
  gansudash export --region 武威市 -o 武威.csv
  gansudash report --region 兰州市`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          ui.UnknownCommand,
		RunE:          app.runDashboard,
	}
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(ui.FlagError)
	root.PersistentFlags().StringVar(&app.dbFlag, "db", "", "database `path` (default: $GANSUDASH_DB, else the user data directory)")
	app.dashboardFlags(root)
	root.AddCommand(
		app.importCommand(),
		app.exportCommand(),
		app.reportCommand(),
		app.backupCommand(),
		app.checkCommand(),
		app.serveCommand(),
		app.extractCommand(),
	)
	root.SetHelpCommand(helpCommand(root))
	for _, c := range root.Commands() {
		c.SetFlagErrorFunc(ui.FlagError)
	}
	return root
}

// helpCommand is "gansudash help [COMMAND]": a command's help, or a usage
// error with the closest command for one that does not exist.
func helpCommand(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "show help for gansudash or for one command",
		Example: `  gansudash help
  gansudash help import`,
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || target == root && len(args) > 0 || len(rest) > 0 {
				return ui.UnknownCommand(root, args)
			}
			return target.Help()
		},
	}
}

// Execute runs the command line args and returns the exit status: 0 done,
// 1 failed, 2 a command line that cannot be understood. Every error is
// printed once, through the sanitiser.
func Execute(root *cobra.Command, env *Env, args []string) int {
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err != nil && !isUsage(err) && strings.HasPrefix(err.Error(), "unknown command") {
		err = ui.UsageError{Msg: err.Error()} // cobra's own, for "help frobnicate"
	}
	return ui.ReportError(env.Stderr, cmd, err)
}

func isUsage(err error) bool {
	_, ok := err.(ui.UsageError)
	return ok
}

// line sanitises text from the command line or the data for one output line.
func line(s string) string { return sanitize.Line(s) }
