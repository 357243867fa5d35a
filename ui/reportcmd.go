package ui

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/model"
)

// ReportEnv is where a report command runs: locally (the database named by
// --db, the process's terminal) or in an SSH session (the server's shared
// data, the session's terminal). The command's flags and policy are the same
// in both.
type ReportEnv struct {
	// Data opens what the report reads.
	Data func() (Data, error)
	// Out receives the report.
	Out io.Writer
	// Getenv reads the locale (LC_ALL, LANG) and TERM.
	Getenv func(string) string
	// TTY says Out is a terminal: colour, and its width by default.
	TTY bool
	// Width is the terminal's width, when known.
	Width int
	// Renderer styles a report to a terminal; nil means no colour.
	Renderer *lipgloss.Renderer
}

// DefaultReportWidth is the line width of a report that goes to a file or
// a pipe.
const DefaultReportWidth = 100

// ReportCommand is the report front end, used by the command line and by
// the SSH server: gansudash report, ssh server report.
func ReportCommand(env ReportEnv) *cobra.Command {
	var region, category, lang string
	var width int
	var ascii bool
	cmd := &cobra.Command{
		Use:   "report",
		Short: "print a region's overview as plain text, for scripts and cron",
		Long: `Print a region's overview as plain text: for each category the table the dashboard shows,
then the sources its figures cite. No colour when the output is not a terminal.`,
		Example: `  gansudash report --region 武威市
  gansudash report --region wuwei --category 防沙治沙 --width 80 > 武威防沙治沙.txt
  ssh -p 23234 server report --region 兰州市`,
		Args: NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := DetectLang(lang, env.Getenv)
			if err != nil {
				return UsageError{err.Error()}
			}
			var cat model.Category
			if category != "" {
				if cat, err = model.ParseCategory(category); err != nil {
					return UsageError{err.Error()}
				}
			}
			data, err := env.Data()
			if err != nil {
				return err
			}
			c, err := data.Catalog()
			if err != nil {
				return err
			}
			id, err := c.ResolveRegion(region)
			if err != nil {
				return UsageError{err.Error()}
			}
			w := width
			if w <= 0 {
				w = DefaultReportWidth
				if env.TTY && env.Width > 0 {
					w = env.Width
				}
			}
			r := env.Renderer
			if r == nil || !env.TTY {
				r = lipgloss.NewRenderer(env.Out)
				r.SetColorProfile(termenv.Ascii) // no colour into files and pipes
			}
			return Report(env.Out, data, ReportOptions{Region: id, Category: cat, Width: w, Lang: l,
				ASCII: WantASCII(ascii, env.Getenv("TERM")), Renderer: r})
		},
	}
	f := cmd.Flags()
	f.StringVar(&region, "region", "", "region (ID or name; default: the one with the most figures)")
	f.StringVar(&category, "category", "", "only this category (investment, industry, desertification, ... or 招商引资, 工业, 防沙治沙, ...)")
	f.IntVar(&width, "width", 0, "line width (default: the terminal's, else 100)")
	f.StringVar(&lang, "lang", "", "language: zh or en (default: from LC_ALL/LANG, else zh)")
	f.BoolVar(&ascii, "ascii", false, "draw with ASCII only")
	cmd.SetFlagErrorFunc(FlagError)
	return cmd
}
