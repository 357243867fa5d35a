package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui"
)

func (a *app) backupCommand() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   a.t("backup 文件", "backup FILE"),
		Short: a.t("写出数据库的一致副本，其他人可以照常使用数据库", "write a consistent copy of the database, while others keep using it"),
		Long: a.t(`在仪表盘照常读取数据库的同时，写出它的一致副本。副本写完后才出现，并在替换任何文件之前先打开检查。`,
			`Write a consistent copy of the database while dashboards keep reading it. The copy appears only
when complete, and is opened and checked before it replaces anything.`),
		Example: `  gansudash backup gansudash-2025-06.db
  gansudash backup /mnt/usb/gansudash.db --force`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return ui.Usagef("backup：请指定一个要写入的文件，例如 gansudash backup gansudash-2025-06.db",
					"backup: name one file to write, e.g. gansudash backup gansudash-2025-06.db")
			}
			d, err := a.openReadOnly()
			if err != nil {
				return err
			}
			defer d.Close()
			progress, done := a.progress()
			d.Progress = progress
			n, err := d.Backup(args[0], force)
			done()
			if err != nil {
				return err
			}
			fmt.Fprintf(a.env.Stdout, a.t("已把 %s 备份到 %s（%d 字节）\n", "backed up %s to %s (%d bytes)\n"), line(d.Path()), line(args[0]), n)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, a.t("目标文件已存在时替换它", "replace FILE if it exists"))
	return cmd
}

func (a *app) checkCommand() *cobra.Command {
	var upgrade bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: a.t("检查数据库文件及其中的每个数据", "verify the database file and every figure in it"),
		Long: a.t(`运行 bbolt 对文件的一致性检查，以及模型对每个数据的检查（地区、指标和来源存在，单位一致，
推算的数据与其公式相符，每个索引与数据一致）；发现问题时列出问题，并以非零状态退出。`,
			`Run bbolt's consistency check of the file and the model's checks of every figure (regions,
indicators and sources exist, units agree, derived figures match their formula, every index matches
the figures), and exit non-zero with the list of problems.`),
		Example: `  gansudash check
  gansudash check --db /mnt/usb/gansudash.db
  gansudash check --upgrade`,
		Args: ui.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.dbPath(false)
			if err != nil {
				return err
			}
			d, err := store.Open(path, store.OpenOptions{ReadOnly: !upgrade})
			if err != nil {
				return err
			}
			defer d.Close()
			progress, done := a.progress()
			d.Progress = progress
			rep, err := d.Check()
			done()
			if err != nil {
				return err
			}
			for i, p := range rep.Problems {
				if i < len(rep.ProblemTexts) {
					p = rep.ProblemTexts[i].Localize(a.lang)
				}
				fmt.Fprintln(a.env.Stdout, line(p))
			}
			if len(rep.Problems) > 0 {
				return model.Errorf("%s：发现 %d 个问题", "%s: %d problems found", path, len(rep.Problems))
			}
			fmt.Fprintf(a.env.Stdout, a.t("正常：%s 存有 %d 条数据（%d 个序列）；%d 个地区，%d 个指标，%d 个来源；保留 %d 条修订记录\n",
				"ok: %s holds %d figures in %d series; %d regions, %d indicators, %d sources; %d revisions kept\n"),
				line(path), rep.Figures, rep.Series, rep.Regions, rep.Indicators, rep.Sources, rep.Revisions)
			return nil
		},
	}
	cmd.Flags().BoolVar(&upgrade, "upgrade", false, a.t("先升级旧版结构的数据库", "upgrade a database of an older schema first"))
	return cmd
}
