package ui

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
)

// ReportEnv is where a report command runs: locally (the database named by
// --db, the process's terminal) or in an SSH session (the server's shared
// data, the session's terminal). The command's flags and policy are the same
// in both.
type ReportEnv struct {
	// Data opens what the report reads, waiting at most wait for an import
	// that holds the database.
	Data func(wait time.Duration) (Data, error)
	// Out receives the report.
	Out io.Writer
	// Getenv reads the locale (LC_ALL, LC_MESSAGES, LANG), TERM, COLORTERM, NO_COLOR and
	// COLORFGBG of the terminal the report goes to.
	Getenv func(string) string
	// TTY says Out is a terminal: colour, and its width by default.
	TTY bool
	// Width is the terminal's width, when known.
	Width int
	// Lang is the language of the command's help and of its messages,
	// decided before the command line is parsed (CommandLang). The report
	// itself is in the language of its --lang, else the locale's.
	Lang model.Lang
}

// Report widths: the default for files and pipes, and the most any
// terminal or flag gets (a line is built in memory, and no screen is wider).
const (
	DefaultReportWidth = 100
	MaxReportWidth     = 1000
	// DefaultReportWait is how long a report waits for an import to finish:
	// long enough for a cron job not to fail while one runs.
	DefaultReportWait = 60 * time.Second
)

// ReportCommand is the report front end, used by the command line and by
// the SSH server: gansudash report, ssh server report.
func ReportCommand(env ReportEnv) *cobra.Command {
	var region, category, lang string
	var width int
	var ascii bool
	var wait time.Duration
	t := env.Lang.Pick
	cmd := &cobra.Command{
		Use: "report",
		Short: t("把一个地区的概览打印为纯文本，供脚本和定时任务（cron）使用",
			"print a region's overview as plain text, for scripts and cron"),
		Long: t(`把一个地区的概览打印为纯文本：每个类别一张表（与仪表盘所示相同），再列出其中数据引用的来源。
输出不是终端时不带颜色，也从不向终端发出询问，所以 ssh -t server report > file 可用。`,
			`Print a region's overview as plain text: for each category the table the dashboard shows,
then the sources its figures cite. No colour when the output is not a terminal, and no question
is ever asked of the terminal, so ssh -t server report > file works.`),
		Example: `  gansudash report --region 武威市
  gansudash report --region wuwei --category 防沙治沙 --width 80 > 武威防沙治沙.txt
  ssh -p 23234 server report --region 兰州市`,
		Args: NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := DetectLang(lang, env.Getenv)
			if err != nil {
				return UsageErr(err)
			}
			var cat model.Category
			if category != "" {
				if cat, err = model.ParseCategory(category); err != nil {
					return UsageErr(err)
				}
			}
			if width < 0 || width > MaxReportWidth {
				return Usagef("--width %d：报告宽度须在 %d 到 %d 列之间（0：终端的宽度，否则为 %d）",
					"--width %d: a report is between %d and %d columns wide (0: the terminal's width, else %d)",
					width, MinWidth, MaxReportWidth, DefaultReportWidth)
			}
			data, err := env.Data(wait)
			if err != nil {
				return err
			}
			c, err := data.Catalog()
			if err != nil {
				return err
			}
			if c.Figures == 0 {
				return store.ErrEmpty
			}
			id, err := c.ResolveRegion(region)
			if err != nil {
				return UsageErr(err)
			}
			w := width
			if w == 0 {
				w = DefaultReportWidth
				if env.TTY && env.Width > 0 {
					w = min(env.Width, MaxReportWidth)
				}
			}
			return Report(env.Out, data, ReportOptions{Region: id, Category: cat, Width: w, Lang: l,
				ASCII: WantASCII(ascii, env.Getenv("TERM")), Renderer: reportRenderer(env)})
		},
	}
	f := cmd.Flags()
	f.StringVar(&region, "region", "", t("`地区`（ID 或名称；默认：数据最多的地区）", "region (ID or name; default: the one with the most figures)"))
	f.StringVar(&category, "category", "", t("只列此`类别`（招商引资、工业、防沙治沙……或 investment、industry、desertification……）",
		"only this category (investment, industry, desertification, ... or 招商引资, 工业, 防沙治沙, ...)"))
	f.IntVar(&width, "width", 0, t("行宽（`列数`），最多 "+strconv.Itoa(MaxReportWidth)+"（默认：终端的宽度，否则 100）",
		"line width, up to "+strconv.Itoa(MaxReportWidth)+" (default: the terminal's, else 100)"))
	f.StringVar(&lang, "lang", "", t(LangUsageZH, LangUsageEN))
	f.BoolVar(&ascii, "ascii", false, t("只用 ASCII 字符绘制", "draw with ASCII only"))
	f.DurationVar(&wait, "wait", DefaultReportWait, t("等待正在写数据库的导入最多多长`时间`", "how long to wait for an import that is writing the database"))
	cmd.SetFlagErrorFunc(FlagError)
	return cmd
}

// reportRenderer styles a report without ever querying the terminal: a
// query's answer would be lost in a file (ssh -t server report > file) and
// typed into the official's shell later. Colours come from the environment
// alone (NO_COLOR, COLORTERM, TERM), none into files and pipes; the
// background is taken as dark unless COLORFGBG says light.
func reportRenderer(env ReportEnv) *lipgloss.Renderer {
	profile := termenv.Ascii
	term := env.Getenv("TERM")
	switch {
	case !env.TTY, env.Getenv("NO_COLOR") != "", term == "dumb":
	case env.Getenv("COLORTERM") == "truecolor" || env.Getenv("COLORTERM") == "24bit":
		profile = termenv.TrueColor
	case strings.Contains(term, "256color"):
		profile = termenv.ANSI256
	default:
		profile = termenv.ANSI
	}
	r := lipgloss.NewRenderer(env.Out, termenv.WithProfile(profile))
	r.SetColorProfile(profile)
	dark := true
	if fgbg := env.Getenv("COLORFGBG"); fgbg != "" {
		parts := strings.Split(fgbg, ";")
		if bg, err := strconv.Atoi(parts[len(parts)-1]); err == nil {
			dark = bg < 7 || bg == 8
		}
	}
	r.SetHasDarkBackground(dark)
	return r
}
