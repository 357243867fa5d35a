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
		Use: a.t("import 文件...", "import FILE..."),
		Short: a.t("从 CSV（UTF-8 或 GB18030）、XLSX 或 JSON 文件导入数据：要么全部导入，要么一条也不导入",
			"add figures from CSV (UTF-8 or GB18030), XLSX or JSON files: all or nothing"),
		Long: a.t(`从 CSV（UTF-8，或 Excel 在中文 Windows 上保存的 GB18030/GBK）、XLSX 或 JSON 文件导入数据。
写入前检查每一行；有一行不对就什么也不写，并列出每个问题所在的文件、行和列。同一个文件导入两次不会改变任何东西。

列按英文或中文表头识别，顺序不限：region 地区、indicator 指标、period 期间、value 数值、unit 单位、
source 来源、note 备注、fragment 原文……`,
			`Add figures from CSV (UTF-8, or GB18030/GBK as Excel saves it on Chinese Windows), XLSX or
JSON files. Every row is checked before anything is written; one bad row writes nothing, and every
problem is listed with its file, line and column. Importing the same file twice changes nothing.

Columns are found by their English or Chinese header, in any order: region 地区, indicator 指标,
period 期间, value 数值, unit 单位, source 来源, note 备注, fragment 原文, ...`),
		Example: `  gansudash import 2025年5月.xlsx
  gansudash import 2025年5月.xlsx --sheet 5月数据
  gansudash import 月报.csv --dry-run
  gansudash import 新指标.csv --create
  gansudash import 报表.csv --source "2025年5月统计月报"`,
		RunE: func(cmd *cobra.Command, files []string) error {
			if len(files) == 0 {
				return ui.Usagef("import：请指定要导入的文件，例如 gansudash import data.csv", "import: name the files to import, e.g. gansudash import data.csv")
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
			a.importSummary(res, len(files), opt.DryRun)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opt.DryRun, "dry-run", false, a.t("只检查文件并统计将会改变什么；不写入任何内容", "check the files and count what would change; write nothing"))
	f.BoolVar(&opt.Create, "create", false, a.t("添加未知的地区、指标和来源，而不是拒绝它们", "add unknown regions, indicators and sources instead of refusing them"))
	f.StringVar(&opt.Read.Encoding, "encoding", "", a.t("CSV 文件的`编码`：utf-8 或 gb18030/gbk（默认：自动识别）", "encoding of CSV files: utf-8 or gb18030/gbk (default: detected)"))
	f.StringVar(&opt.Read.Sheet, "sheet", "", a.t("XLSX 工作簿中的`工作表`（默认：第一个）", "sheet of an XLSX workbook (default: the first)"))
	f.StringVar(&opt.Source, "source", "", a.t("没有注明来源的行引用此`来源`（ID 或标题）", "cite this source (ID or title) for rows that name none"))
	f.DurationVar(&opt.Timeout, "wait", store.DefaultWriteTimeout, a.t("等待另一个导入完成最多多长`时间`", "how long to wait for another import to finish"))
	return cmd
}

// importSummary prints what an import did (or, with dryRun, would do).
func (a *app) importSummary(res store.ImportResult, files int, dryRun bool) {
	out := a.env.Stdout
	verb := a.t("已导入", "imported")
	if dryRun {
		verb = a.t("试导入（未写入任何内容）：将导入", "would import (dry run, nothing written)")
	}
	fmt.Fprintf(out, a.t("%s %d 条数据（%d 个文件）：新增 %d，修改 %d，未变 %d", "%s %d figures from %d file(s): %d added, %d changed, %d unchanged"),
		verb, res.Rows, files, res.Added, res.Changed, res.Unchanged)
	if res.Revisions > 0 {
		fmt.Fprintf(out, a.t("；%d 个被替换的值保存在修订记录中", "; %d replaced values kept in the revision history"), res.Revisions)
	}
	if res.Duplicates > 0 {
		fmt.Fprintf(out, a.t("，%d 行重复，只计一次", ", %d repeated rows counted once"), res.Duplicates)
	}
	if n := res.NewRegions + res.NewIndicators + res.NewSources; n > 0 {
		fmt.Fprintf(out, a.t("；新建 %d 个地区，%d 个指标，%d 个来源", "; new: %d regions, %d indicators, %d sources"),
			res.NewRegions, res.NewIndicators, res.NewSources)
	}
	fmt.Fprintln(out)
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
			more = fmt.Sprintf(a.t("等（另有 %d 列）", " and %d more"), n-maxNotes)
		}
		if n == 1 {
			fmt.Fprintf(w, a.t("gansudash: 忽略了 gansudash 不认识的列 %s\n", "gansudash: ignored column %s, which gansudash does not know\n"), shown[0])
		} else {
			fmt.Fprintf(w, a.t("gansudash: 忽略了 %d 个 gansudash 不认识的列：%s%s\n", "gansudash: ignored %d columns gansudash does not know: %s%s\n"),
				n, strings.Join(shown, a.t("；", "; ")), more)
		}
	}
	for i, e := range res.Warnings {
		if i == maxNotes {
			fmt.Fprintf(w, a.t("gansudash: 注意：……另有 %d 条\n", "gansudash: warning: ... and %d more\n"), len(res.Warnings)-maxNotes)
			break
		}
		fmt.Fprintf(w, a.t("gansudash: 注意：%s\n", "gansudash: warning: %s\n"), line(e.Localize(a.lang)))
	}
}
