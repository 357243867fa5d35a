package cli

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/model"
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

// Main runs the command line args in env and returns the exit status. The
// language is decided first (--lang, else the locale: ui.DetectLang), since
// the help texts and the parser's own errors are in it.
func Main(env *Env, args []string) int {
	lang := ui.CommandLang(args, env.Getenv)
	return Execute(NewRoot(env, lang), env, lang, args)
}

// NewRoot builds the command tree, its help and messages in lang: the
// dashboard at the root, and a command for each way figures move in and out.
func NewRoot(env *Env, lang model.Lang) *cobra.Command {
	app := &app{env: env, lang: lang}
	t := lang.Pick
	root := &cobra.Command{
		Use:   "gansudash",
		Short: t("甘肃招商引资、工业和防沙治沙数据，每个数据都注明来源", "Gansu investment, industry and desertification-control figures, each with its source"),
		Long: t(`gansudash：甘肃省招商引资、工业和防沙治沙数据，每个数据都注明在哪里公布。

不带命令时打开仪表盘；第一次运行时用内置的默认数据在用户数据目录中新建数据库。
--db 或 GANSUDASH_DB 指定的数据库必须已经存在：新建请用 gansudash init --db PATH。

界面默认为中文；--lang en，或 LC_ALL、LC_MESSAGES、LANG 中第一个指明语言的是英文
（如 en_US.UTF-8）时为英文。空的、C 或 POSIX 区域设置（如 C.UTF-8）视为未设置。`,
			`gansudash: Gansu investment-attraction (招商引资), industrial-output (工业) and
desertification-control (防沙治沙) figures, each with where it was published.

Without a command it opens the dashboard; the first run creates the database from the
embedded default figures. A database named by --db or GANSUDASH_DB must exist:
gansudash init --db PATH creates one.`),
		Example: t(`  gansudash                              打开仪表盘
  gansudash --region 武威市 --category 防沙治沙
  gansudash import 2025年5月.xlsx
  gansudash export --region 武威市 -o 武威.csv
  gansudash report --region 兰州市
  gansudash init --db 新数据库.db --empty`,
			`  gansudash                              open the dashboard
  gansudash --region 武威市 --category 防沙治沙
  gansudash import 2025年5月.xlsx
  gansudash export --region 武威市 -o 武威.csv
  gansudash report --region 兰州市
  gansudash init --db new.db --empty`),
		SilenceErrors:     true,
		SilenceUsage:      true,
		Args:              ui.UnknownCommand,
		RunE:              app.runDashboard,
		PersistentPreRunE: app.checkLang,
	}
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(ui.FlagError)
	pf := root.PersistentFlags()
	pf.StringVar(&app.dbFlag, "db", "", t("数据库的`路径`（默认：$GANSUDASH_DB，否则用户数据目录中的数据库）；须已存在，新建请用 gansudash init",
		"database `path` (default: $GANSUDASH_DB, else the user data directory); it must exist: gansudash init creates one"))
	pf.StringVar(&app.langFlag, "lang", "", t(ui.LangUsageZH, ui.LangUsageEN))
	app.dashboardFlags(root)
	root.AddCommand(
		app.importCommand(),
		app.exportCommand(),
		app.reportCommand(),
		app.backupCommand(),
		app.checkCommand(),
		app.initCommand(),
		app.serveCommand(),
		app.extractCommand(),
	)
	root.SetHelpCommand(app.helpCommand(root))
	for _, c := range root.Commands() {
		c.SetFlagErrorFunc(ui.FlagError)
	}
	ui.LocalizeHelp(root, lang)
	return root
}

// checkLang refuses a --lang that is neither zh nor en, for every command.
func (a *app) checkLang(*cobra.Command, []string) error {
	if _, err := ui.DetectLang(a.langFlag, a.env.Getenv); err != nil {
		return ui.UsageErr(err)
	}
	return nil
}

// helpCommand is "gansudash help [COMMAND]": a command's help, or a usage
// error with the closest command for one that does not exist.
func (a *app) helpCommand(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   a.t("help [命令]", "help [command]"),
		Short: a.t("显示 gansudash 或某个命令的帮助", "show help for gansudash or for one command"),
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
// printed once, in lang, through the sanitiser.
func Execute(root *cobra.Command, env *Env, lang model.Lang, args []string) int {
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err != nil && !isUsage(err) && strings.HasPrefix(err.Error(), "unknown command") {
		err = ui.UsageErr(err) // cobra's own, for "help frobnicate"
	}
	return ui.ReportError(env.Stderr, cmd, err, lang)
}

func isUsage(err error) bool {
	var ue ui.UsageError
	return errors.As(err, &ue)
}

// line sanitises text from the command line or the data for one output line.
func line(s string) string { return sanitize.Line(s) }
