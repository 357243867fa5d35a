package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/store/atomicfile"
	"github.com/gansudash/gansudash/ui"
)

// initCommand is "gansudash init": the one way to create a database at a
// path of one's choosing, since every other command refuses a --db that does
// not exist.
func (a *app) initCommand() *cobra.Command {
	var empty bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: a.t("新建数据库：带内置的默认数据，或用 --empty 新建空数据库", "create a database: with the embedded default figures, or empty with --empty"),
		Long: a.t(`在 --db（否则 GANSUDASH_DB，再否则用户数据目录）指定的位置新建数据库，写入内置的默认数据；
用 --empty 则新建空数据库。那里已有文件时拒绝，不会覆盖任何东西。
其他命令只使用已存在的数据库：--db 写错时报错，而不会悄悄新建一个。`,
			`Create a database where --db (else GANSUDASH_DB, else the user data directory) says, with the
embedded default figures, or empty with --empty. Refuses when something exists there: nothing is
ever replaced. Every other command uses only a database that exists: a mistyped --db is an error,
never a new database.`),
		Example: a.t(`  gansudash init --db /data/gansudash.db
  gansudash init --db 空库.db --empty
  gansudash import --db 空库.db 2025年5月.xlsx`,
			`  gansudash init --db /data/gansudash.db
  gansudash init --db empty.db --empty
  gansudash import --db empty.db 2025年5月.xlsx`),
		Args: ui.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, _, err := a.dbLocation()
			if err != nil {
				return err
			}
			exists := model.Errorf("数据库 %s 已存在：init 不会覆盖它；要使用它，请运行 gansudash --db %s",
				"database %s already exists: init does not replace it; to use it, run gansudash --db %s", path, shellWord(path))
			switch _, err := os.Stat(path); {
			case err == nil:
				return exists
			case !errors.Is(err, fs.ErrNotExist):
				return &store.PathError{Path: path, Err: err}
			}
			out := a.env.Stdout
			if empty {
				if err := createEmpty(path); errors.Is(err, fs.ErrExist) {
					return exists
				} else if err != nil {
					return err
				}
				fmt.Fprintf(out, a.t("已新建空数据库 %s；导入数据请用 gansudash import --db %s FILE...\n",
					"created the empty database %s; import figures with gansudash import --db %s FILE...\n"), line(path), line(shellWord(path)))
				return nil
			}
			created, err := store.EnsureDefault(path)
			if err != nil {
				return err
			}
			if !created { // another process made it meanwhile
				return exists
			}
			v, err := store.OpenViewer(path, 0)
			if err != nil {
				return err
			}
			defer v.Close()
			c, err := v.Catalog()
			if err != nil {
				return err
			}
			fmt.Fprintf(out, a.t("已用内置的默认数据新建数据库 %s：%d 条数据，%d 个地区，%d 个指标，%d 个来源\n",
				"created %s with the embedded default figures: %d figures, %d regions, %d indicators, %d sources\n"),
				line(path), c.Figures, len(c.Regions), len(c.Indicators), len(c.Sources))
			return nil
		},
	}
	cmd.Flags().BoolVar(&empty, "empty", false, a.t("新建空数据库，不写入默认数据", "create an empty database, without the default figures"))
	return cmd
}

// createEmpty creates an empty database at path, its directory too, built
// beside it and renamed into place only when complete.
func createEmpty(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return atomicfile.Build(path, atomicfile.NoClobber, func(tmp string) error {
		d, err := store.Create(tmp)
		if err != nil {
			return err
		}
		return d.Close()
	})
}
