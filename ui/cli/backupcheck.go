package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui"
)

func (a *app) backupCommand() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "backup FILE",
		Short: "write a consistent copy of the database, while others keep using it",
		Long: `Write a consistent copy of the database while dashboards keep reading it. The copy appears only
when complete, and is opened and checked before it replaces anything.`,
		Example: `  gansudash backup gansudash-2025-06.db
  gansudash backup /mnt/usb/gansudash.db --force`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return ui.Usagef("backup: name one file to write, e.g. gansudash backup gansudash-2025-06.db")
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
			fmt.Fprintf(a.env.Stdout, "backed up %s to %s (%d bytes)\n", line(d.Path()), line(args[0]), n)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace FILE if it exists")
	return cmd
}

func (a *app) checkCommand() *cobra.Command {
	var upgrade bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: "verify the database file and every figure in it",
		Long: `Run bbolt's consistency check of the file and the model's checks of every figure (regions,
indicators and sources exist, units agree, derived figures match their formula, every index matches
the figures), and exit non-zero with the list of problems.`,
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
			for _, p := range rep.Problems {
				fmt.Fprintln(a.env.Stdout, line(p))
			}
			if len(rep.Problems) > 0 {
				return fmt.Errorf("%s: %d problems found", path, len(rep.Problems))
			}
			fmt.Fprintf(a.env.Stdout, "ok: %s holds %d figures in %d series; %d regions, %d indicators, %d sources; %d revisions kept\n",
				line(path), rep.Figures, rep.Series, rep.Regions, rep.Indicators, rep.Sources, rep.Revisions)
			return nil
		},
	}
	cmd.Flags().BoolVar(&upgrade, "upgrade", false, "upgrade a database of an older schema first")
	return cmd
}
