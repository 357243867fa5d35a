// Command gansudash is a terminal dashboard of investment-attraction,
// industrial-output and desertification-control figures of Gansu province,
// each traceable to where it was published.
//
// Usage:
//
//	gansudash [--db PATH] [--lang zh|en] [--ascii] [--region R]   the dashboard
//	gansudash export [--format csv|json] [--region R] [--category C] [-o FILE]
//
// Run "gansudash help" for every command.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// exitUsage is the status for a command line that cannot be understood.
const exitUsage = 2

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand: its name, a one-line summary and its runner.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"export", "write every figure (or a region's, a category's) as CSV or JSON", runExport},
		{"help", "show this help", nil},
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	name := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	var err error
	switch name {
	case "":
		err = runDashboard(args, stdout, stderr)
	case "help":
		usage(stdout)
		return 0
	default:
		found := false
		for _, c := range commands() {
			if c.name == name && c.run != nil {
				found = true
				err = c.run(args, stdout, stderr)
			}
		}
		if !found {
			fmt.Fprintf(stderr, "gansudash: unknown command %q\n\n", sanitize.Line(name))
			usage(stderr)
			return exitUsage
		}
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "gansudash: %s\n", sanitize.Text(err.Error()))
		return exitUsage
	}
	fmt.Fprintf(stderr, "gansudash: %s\n", sanitize.Text(err.Error()))
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "gansudash: Gansu investment, industry and desertification-control figures, each with its source.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  gansudash [flags]            open the dashboard (creates the database from the default data on first run)")
	for _, c := range commands() {
		fmt.Fprintf(w, "  gansudash %-18s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every command takes --db PATH (default: $GANSUDASH_DB, else the user data directory).")
	fmt.Fprintln(w, "Run gansudash COMMAND -h for a command's flags.")
}

// usageError is a command line that cannot be understood (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// newFlags makes a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("gansudash "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses flags and refuses stray arguments.
func parse(fs *flag.FlagSet, args []string, positional bool) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if !positional && fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))}
	}
	return nil
}

// openForReading finds the database (creating the default one on first
// run) and opens it read-only.
func openForReading(dbFlag string) (*store.DB, error) {
	path, err := ensureDB(dbFlag)
	if err != nil {
		return nil, err
	}
	return store.Open(path, store.Options{ReadOnly: true})
}

// ensureDB resolves the database path and creates the default database
// there if nothing exists yet.
func ensureDB(dbFlag string) (string, error) {
	path, err := store.ResolvePath(dbFlag)
	if err != nil {
		return "", err
	}
	if _, err := store.EnsureDefault(path); err != nil {
		return "", err
	}
	return path, nil
}

func runExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	db := fs.String("db", "", "database `path`")
	format := fs.String("format", "csv", "output format: "+strings.Join(store.ExportFormats, ", "))
	region := fs.String("region", "", "only this region and the regions under it (ID or name)")
	category := fs.String("category", "", "only this category (investment, industry, desertification, ... or 招商引资, 工业, 防沙治沙, ...)")
	out := fs.String("o", "", "write to `file` instead of standard output")
	if err := parse(fs, args, false); err != nil {
		return err
	}
	if !slices.Contains(store.ExportFormats, *format) {
		return usageError{fmt.Sprintf("unknown format %q: use %s", *format, strings.Join(store.ExportFormats, ", "))}
	}
	var filter store.Filter
	if *category != "" {
		c, err := model.ParseCategory(*category)
		if err != nil {
			return usageError{err.Error()}
		}
		filter.Category = c
	}
	d, err := openForReading(*db)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.View(func(s *store.Snapshot) error {
		c, err := s.Catalog()
		if err != nil {
			return err
		}
		if filter.Region, err = c.ResolveRegion(*region); err != nil {
			return usageError{err.Error()}
		}
		return writeOutput(*out, stdout, func(w io.Writer) error {
			_, err := s.Export(w, *format, filter)
			return err
		})
	})
}

// writeOutput writes to stdout, or to a file that appears only when
// complete: a failed export never leaves half a file behind.
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func runDashboard(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("", stderr)
	db := fs.String("db", "", "database `path`")
	lang := fs.String("lang", "", "language: zh or en (default: from LC_ALL/LANG, else zh)")
	ascii := fs.Bool("ascii", false, "draw with ASCII only (automatic on TERM=linux and TERM=dumb)")
	region := fs.String("region", "", "region to open on (ID or name)")
	category := fs.String("category", "", "category tab to open on")
	if err := parse(fs, args, false); err != nil {
		return err
	}
	l, err := ui.DetectLang(*lang, os.Getenv)
	if err != nil {
		return usageError{err.Error()}
	}
	path, err := ensureDB(*db)
	if err != nil {
		return err
	}
	return ui.Run(ui.RunOptions{DB: path, Lang: l, ASCII: ui.WantASCII(*ascii, os.Getenv("TERM")),
		Region: *region, Category: *category})
}
