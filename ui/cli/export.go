package cli

import (
	"io"
	"os"
	"slices"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/store/atomicfile"
	"github.com/gansudash/gansudash/ui"
	"github.com/gansudash/gansudash/ui/sanitize"
)

func (a *app) exportCommand() *cobra.Command {
	var format, region, category, out string
	var raw, history bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: "write figures as CSV, JSON, Markdown or XLSX",
		Long: `Write every figure, one row each, with every column import reads back (csv, json, xlsx), or a
Markdown table for reading (md). Cells a spreadsheet would run as a formula are prefixed with '
unless --raw; import removes the prefix again. With -o the file appears only when complete.`,
		Example: `  gansudash export > 全部数据.csv
  gansudash export --region 武威市 --category 防沙治沙 -o 武威防沙治沙.csv
  gansudash export --format xlsx -o 数据.xlsx
  gansudash export --format md --region 兰州市
  gansudash export --history -o 修订记录.csv`,
		Args: ui.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if history && format != store.FormatCSV {
				return ui.Usagef("--history writes CSV: leave out --format %s", format)
			}
			if !slices.Contains(store.ExportFormats, format) {
				return ui.Usagef("unknown format %q: use %s", format, strings.Join(store.ExportFormats, ", "))
			}
			if format == store.FormatXLSX && out == "" && isTerminal(a.env.Stdout) {
				return ui.Usagef("an XLSX workbook is binary: write it to a file with -o FILE.xlsx")
			}
			filter, err := categoryFilter(category)
			if err != nil {
				return err
			}
			d, err := a.openReadOnly()
			if err != nil {
				return err
			}
			defer d.Close()
			toStdout := out == "" || out == "-"
			if !toStdout || !isTerminal(a.env.Stdout) { // not over the rows it shows
				var done func()
				d.Progress, done = a.progress()
				defer done()
			}
			return d.View(func(s *store.Snapshot) error {
				c, err := s.Catalog()
				if err != nil {
					return err
				}
				if filter.Region, err = c.ResolveRegion(region); err != nil {
					return ui.UsageError{Msg: err.Error()}
				}
				write := func(w io.Writer) error {
					// Markdown is for reading, and anything bound for a
					// terminal is read there: no control sequence from the
					// data may reach it. CSV, JSON and XLSX files keep every
					// byte, so that import reads back exactly what was stored.
					export := func(w io.Writer) error {
						var err error
						if history {
							_, err = s.ExportHistory(w, filter, raw)
						} else {
							_, err = s.Export(w, format, filter, raw)
						}
						return err
					}
					if format == store.FormatMD || toStdout && isTerminal(a.env.Stdout) {
						sw := sanitize.NewWriter(w)
						if err := export(sw); err != nil {
							return err
						}
						return sw.Flush()
					}
					return export(w)
				}
				if toStdout {
					return write(a.env.Stdout)
				}
				return atomicfile.Write(out, atomicfile.Replace, write)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", store.FormatCSV, "output format: "+strings.Join(store.ExportFormats, ", "))
	f.StringVar(&region, "region", "", "only this region and the regions under it (ID or name)")
	f.StringVar(&category, "category", "", "only this category (investment, industry, desertification, ... or 招商引资, 工业, 防沙治沙, ...)")
	f.StringVarP(&out, "output", "o", "", "write to `file` instead of standard output")
	f.BoolVar(&history, "history", false, "write the revision history instead: every value an import replaced, when and by which file (CSV)")
	f.BoolVar(&raw, "raw", false, "keep cells that start with = + - @ as they are (by default they are defused so spreadsheets do not run them)")
	return cmd
}

// categoryFilter reads a --category flag (ID or Chinese name) into a filter.
func categoryFilter(category string) (store.Filter, error) {
	var f store.Filter
	if category == "" {
		return f, nil
	}
	c, err := model.ParseCategory(category)
	if err != nil {
		return f, ui.UsageError{Msg: err.Error()}
	}
	f.Category = c
	return f, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
