package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui"
)

func (a *app) importCommand() *cobra.Command {
	var opt store.ImportOptions
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "add figures from CSV (UTF-8 or GB18030), XLSX or JSON files: all or nothing",
		Long: `Add figures from CSV (UTF-8, or GB18030/GBK as Excel saves it on Chinese Windows), XLSX or
JSON files. Every row is checked before anything is written; one bad row writes nothing, and every
problem is listed with its file, line and column. Importing the same file twice changes nothing.

Columns are found by their English or Chinese header, in any order: region 地区, indicator 指标,
period 期间, value 数值, unit 单位, source 来源, note 备注, fragment 原文, ...`,
		Example: `  gansudash import 2025年5月.xlsx
  gansudash import 2025年5月.xlsx --sheet 5月数据
  gansudash import 月报.csv --dry-run
  gansudash import 新指标.csv --create
  gansudash import 报表.csv --source "2025年5月统计月报"`,
		RunE: func(cmd *cobra.Command, files []string) error {
			if len(files) == 0 {
				return ui.Usagef("import: name the files to import, e.g. gansudash import data.csv")
			}
			path, err := a.dbPath(true)
			if err != nil {
				return err
			}
			progress, done := a.progress()
			opt.Progress = progress
			res, err := store.Import(path, files, opt)
			done()
			if err != nil {
				return err
			}
			a.importNotes(res)
			verb := "imported"
			if opt.DryRun {
				verb = "would import (dry run, nothing written)"
			}
			out := a.env.Stdout
			fmt.Fprintf(out, "%s %d figures from %d file(s): %d added, %d changed, %d unchanged",
				verb, res.Rows, len(files), res.Added, res.Changed, res.Unchanged)
			if res.Revisions > 0 {
				fmt.Fprintf(out, "; %d replaced values kept in the revision history", res.Revisions)
			}
			if res.Duplicates > 0 {
				fmt.Fprintf(out, ", %d repeated rows counted once", res.Duplicates)
			}
			if n := res.NewRegions + res.NewIndicators + res.NewSources; n > 0 {
				fmt.Fprintf(out, "; new: %d regions, %d indicators, %d sources", res.NewRegions, res.NewIndicators, res.NewSources)
			}
			fmt.Fprintln(out)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opt.DryRun, "dry-run", false, "check the files and count what would change; write nothing")
	f.BoolVar(&opt.Create, "create", false, "add unknown regions, indicators and sources instead of refusing them")
	f.StringVar(&opt.Read.Encoding, "encoding", "", "encoding of CSV files: utf-8 or gb18030/gbk (default: detected)")
	f.StringVar(&opt.Read.Sheet, "sheet", "", "sheet of an XLSX workbook (default: the first)")
	f.StringVar(&opt.Source, "source", "", "cite this source (ID or title) for rows that name none")
	f.DurationVar(&opt.Timeout, "wait", store.DefaultWriteTimeout, "how long to wait for another import to finish")
	return cmd
}

// maxNotes bounds the warnings and ignored columns an import lists.
const maxNotes = 20

// importNotes prints what the import noted but did not refuse, bounded.
func (a *app) importNotes(res store.ImportResult) {
	w := a.env.Stderr
	if n := len(res.Ignored); n > 0 {
		shown := res.Ignored[:min(n, maxNotes)]
		for i := range shown {
			shown[i] = line(shown[i])
		}
		more := ""
		if n > maxNotes {
			more = fmt.Sprintf(" and %d more", n-maxNotes)
		}
		if n == 1 {
			fmt.Fprintf(w, "gansudash: ignored column %s, which gansudash does not know\n", shown[0])
		} else {
			fmt.Fprintf(w, "gansudash: ignored %d columns gansudash does not know: %s%s\n", n, strings.Join(shown, "; "), more)
		}
	}
	for i, e := range res.Warnings {
		if i == maxNotes {
			fmt.Fprintf(w, "gansudash: warning: ... and %d more\n", len(res.Warnings)-maxNotes)
			break
		}
		fmt.Fprintf(w, "gansudash: warning: %s\n", line(e.Error()))
	}
}
