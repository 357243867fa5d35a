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
	var raw, history, bom bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: a.t("把数据写成 CSV、JSON、Markdown 或 XLSX", "write figures as CSV, JSON, Markdown or XLSX"),
		Long: a.t(`写出每个数据，每个一行，带有导入能读回的每一列（csv、json、xlsx），或写成便于阅读的
Markdown 表格（md）。电子表格会当作公式执行的单元格前面加上 '（--raw 时不加），导入时再去掉。
用 -o 时，文件写完后才出现。`,
			`Write every figure, one row each, with every column import reads back (csv, json, xlsx), or a
Markdown table for reading (md). Cells a spreadsheet would run as a formula are prefixed with '
unless --raw; import removes the prefix again. With -o the file appears only when complete.`),
		Example: `  gansudash export > 全部数据.csv
  gansudash export --region 武威市 --category 防沙治沙 -o 武威防沙治沙.csv
  gansudash export --format xlsx -o 数据.xlsx
  gansudash export --format md --region 兰州市
  gansudash export --history -o 修订记录.csv`,
		Args: ui.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if history && format != store.FormatCSV {
				return ui.Usagef("--history 只写 CSV：请去掉 --format %s", "--history writes CSV: leave out --format %s", format)
			}
			if bom && format != store.FormatCSV {
				return ui.Usagef("--bom 只用于 CSV：用 --format %s 时请去掉它", "--bom is for CSV: leave it out with --format %s", format)
			}
			if !slices.Contains(store.ExportFormats, format) {
				return ui.Usagef("未知格式“%s”：请用 %s", "unknown format %q: use %s", format,
					model.T(strings.Join(store.ExportFormats, "、"), strings.Join(store.ExportFormats, ", ")))
			}
			if format == store.FormatXLSX && out == "" && isTerminal(a.env.Stdout) {
				return ui.Usagef("XLSX 工作簿是二进制文件：请用 -o FILE.xlsx 写入文件", "an XLSX workbook is binary: write it to a file with -o FILE.xlsx")
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
					return ui.UsageErr(err)
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
							_, err = s.Export(w, format, filter, store.WriteOptions{Raw: raw, BOM: bom})
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
	f.StringVar(&format, "format", store.FormatCSV, a.t("输出`格式`："+strings.Join(store.ExportFormats, "、"), "output format: "+strings.Join(store.ExportFormats, ", ")))
	f.StringVar(&region, "region", "", a.t("只导出此`地区`及其下属地区（ID 或名称）", "only this region and the regions under it (ID or name)"))
	f.StringVar(&category, "category", "", a.t("只导出此`类别`（招商引资、工业、防沙治沙……或 investment、industry、desertification……）",
		"only this category (investment, industry, desertification, ... or 招商引资, 工业, 防沙治沙, ...)"))
	f.StringVarP(&out, "output", "o", "", a.t("写入`文件`，而不是标准输出", "write to `file` instead of standard output"))
	f.BoolVar(&history, "history", false, a.t("改为写出修订记录：每个被导入替换的值，何时、由哪个文件替换（CSV）",
		"write the revision history instead: every value an import replaced, when and by which file (CSV)"))
	f.BoolVar(&bom, "bom", false, a.t("在 CSV 开头写入 UTF-8 字节顺序标记（BOM），使中文 Windows 上的 Excel 正确读取",
		"start the CSV with a UTF-8 byte-order mark, so that Excel on Chinese Windows reads it right"))
	f.BoolVar(&raw, "raw", false, a.t("以 = + - @ 开头的单元格保持原样（默认加上前缀，使电子表格不会执行它们）",
		"keep cells that start with = + - @ as they are (by default they are defused so spreadsheets do not run them)"))
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
		return f, ui.UsageErr(err)
	}
	f.Category = c
	return f, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
