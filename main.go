// Command gansudash is a terminal dashboard of investment-attraction,
// industrial-output and desertification-control figures of Gansu province,
// each traceable to where it was published.
//
// Usage:
//
//	gansudash [--db PATH] [--lang zh|en] [--ascii] [--region R]   the dashboard
//	gansudash import FILE... [--dry-run] [--create] [--encoding E] [--sheet S] [--source S]
//	gansudash export [--format csv|json|md|xlsx] [--region R] [--category C] [-o FILE] [--raw]
//	gansudash report [--region R] [--category C] [--width N] [--lang zh|en]
//	gansudash backup FILE [--force]
//	gansudash check [--upgrade]
//	gansudash serve [--listen ADDR] [--host-key PATH] [--authorized-keys PATH] [--max-sessions N] [--idle-timeout D]
//
// Run "gansudash help" for every command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"
	"golang.org/x/time/rate"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui"
	"github.com/gansudash/gansudash/ui/sanitize"
	"github.com/gansudash/gansudash/ui/serve"
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
		{"import", "add figures from CSV (UTF-8 or GB18030), XLSX or JSON files: all or nothing", runImport},
		{"export", "write figures as CSV, JSON, Markdown or XLSX", runExport},
		{"report", "print a region's overview as plain text, for scripts and cron", runReport},
		{"backup", "write a consistent copy of the database, while others keep using it", runBackup},
		{"check", "verify the database file and every figure in it", runCheck},
		{"serve", "serve the dashboard over SSH to officials with listed keys, read-only", runServe},
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
	return store.Open(path, store.OpenOptions{ReadOnly: true})
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
	raw := fs.Bool("raw", false, "keep cells that start with = + - @ as they are (by default they are defused so spreadsheets do not run them)")
	if err := parse(fs, args, false); err != nil {
		return err
	}
	if *format == store.FormatXLSX && *out == "" {
		if f, ok := stdout.(*os.File); ok && isTerminal(f) {
			return usageError{"an XLSX workbook is binary: write it to a file with -o FILE.xlsx"}
		}
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
			_, err := s.Export(w, *format, filter, *raw)
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

func runImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	db := fs.String("db", "", "database `path`")
	dry := fs.Bool("dry-run", false, "check the files and count what would change; write nothing")
	create := fs.Bool("create", false, "add unknown regions, indicators and sources instead of refusing them")
	encoding := fs.String("encoding", "", "encoding of CSV files: utf-8 or gb18030/gbk (default: detected)")
	sheet := fs.String("sheet", "", "sheet of an XLSX workbook (default: the first)")
	source := fs.String("source", "", "cite this source (ID or title) for rows that name none")
	wait := fs.Duration("wait", store.DefaultWriteTimeout, "how long to wait for another import to finish")
	if err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"import: name the files to import, e.g. gansudash import data.csv"}
	}
	path, err := ensureDB(*db)
	if err != nil {
		return err
	}
	res, err := store.Import(path, fs.Args(), store.ImportOptions{
		Read: store.ReadOptions{Encoding: *encoding, Sheet: *sheet}, Create: *create, DryRun: *dry,
		Source: *source, Timeout: *wait,
	})
	var list store.ErrorList
	if errors.As(err, &list) {
		fmt.Fprintln(stderr, sanitize.Text(list.Error()))
		return fmt.Errorf("%d errors; nothing was imported: correct the files and import them again", len(list))
	}
	if err != nil {
		return err
	}
	for _, h := range res.Ignored {
		fmt.Fprintf(stderr, "gansudash: ignored column %s\n", sanitize.Line(h))
	}
	verb := "imported"
	if *dry {
		verb = "would import (dry run, nothing written)"
	}
	fmt.Fprintf(stdout, "%s %d figures from %d file(s): %d added, %d changed, %d unchanged",
		verb, res.Rows, fs.NArg(), res.Added, res.Changed, res.Unchanged)
	if res.Duplicates > 0 {
		fmt.Fprintf(stdout, ", %d repeated rows counted once", res.Duplicates)
	}
	if n := res.NewRegions + res.NewIndicators + res.NewSources; n > 0 {
		fmt.Fprintf(stdout, "; new: %d regions, %d indicators, %d sources", res.NewRegions, res.NewIndicators, res.NewSources)
	}
	fmt.Fprintln(stdout)
	return nil
}

// parseInterspersed allows flags after the file names (import a.csv --dry-run).
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var files []string
	for {
		if err := parse(fs, args, true); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return fs.Parse(append([]string{"--"}, files...))
}

func runReport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report", stderr)
	db := fs.String("db", "", "database `path`")
	region := fs.String("region", "", "region (ID or name; default: the one with the most figures)")
	category := fs.String("category", "", "only this category")
	width := fs.Int("width", 0, "line width (default: the terminal's, else 100)")
	lang := fs.String("lang", "", "language: zh or en (default: from LC_ALL/LANG, else zh)")
	ascii := fs.Bool("ascii", false, "ASCII only")
	if err := parse(fs, args, false); err != nil {
		return err
	}
	l, err := ui.DetectLang(*lang, os.Getenv)
	if err != nil {
		return usageError{err.Error()}
	}
	var cat model.Category
	if *category != "" {
		if cat, err = model.ParseCategory(*category); err != nil {
			return usageError{err.Error()}
		}
	}
	path, err := ensureDB(*db)
	if err != nil {
		return err
	}
	v, err := store.OpenViewer(path, 0)
	if err != nil {
		return err
	}
	c, err := v.Catalog()
	if err != nil {
		return err
	}
	id, err := c.ResolveRegion(*region)
	if err != nil {
		return usageError{err.Error()}
	}
	w := *width
	renderer := lipgloss.NewRenderer(stdout)
	f, isFile := stdout.(*os.File)
	tty := isFile && isTerminal(f)
	if !tty {
		renderer.SetColorProfile(termenv.Ascii) // no colour into files and pipes
	}
	if w <= 0 {
		w = 100
		if tty {
			if tw, _, err := term.GetSize(f.Fd()); err == nil && tw > 0 {
				w = tw
			}
		}
	}
	return ui.Report(stdout, v, ui.ReportOptions{Region: id, Category: cat, Width: w, Lang: l,
		ASCII: ui.WantASCII(*ascii, os.Getenv("TERM")), Renderer: renderer})
}

func runBackup(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	db := fs.String("db", "", "database `path`")
	force := fs.Bool("force", false, "replace FILE if it exists")
	if err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"backup: name one file to write, e.g. gansudash backup gansudash-2025-06.db"}
	}
	d, err := openForReading(*db)
	if err != nil {
		return err
	}
	defer d.Close()
	n, err := d.Backup(fs.Arg(0), *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s (%d bytes)\n", sanitize.Line(d.Path()), sanitize.Line(fs.Arg(0)), n)
	return nil
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	db := fs.String("db", "", "database `path`")
	upgrade := fs.Bool("upgrade", false, "upgrade a database of an older schema first")
	if err := parse(fs, args, false); err != nil {
		return err
	}
	path, err := store.ResolvePath(*db)
	if err != nil {
		return err
	}
	d, err := store.Open(path, store.OpenOptions{ReadOnly: !*upgrade})
	if err != nil {
		return err
	}
	defer d.Close()
	rep, err := d.Check()
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, sanitize.Line(p))
	}
	if len(rep.Problems) > 0 {
		return fmt.Errorf("%s: %d problems found", path, len(rep.Problems))
	}
	fmt.Fprintf(stdout, "ok: %s holds %d figures in %d series; %d regions, %d indicators, %d sources\n",
		sanitize.Line(path), rep.Figures, rep.Series, rep.Regions, rep.Indicators, rep.Sources)
	return nil
}

func isTerminal(f *os.File) bool { return term.IsTerminal(f.Fd()) }

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	db := fs.String("db", "", "database `path`")
	listen := fs.String("listen", serve.DefaultListen, "address to listen on")
	hostKey := fs.String("host-key", "", "ed25519 host key, generated on first start (default: in the data directory)")
	authKeys := fs.String("authorized-keys", "", "public keys allowed to connect (default: ~/.ssh/authorized_keys)")
	maxSessions := fs.Int("max-sessions", serve.DefaultMaxSessions, "sessions at once; the next one is refused politely")
	idle := fs.Duration("idle-timeout", serve.DefaultIdleTimeout, "close a session after this long without input or output")
	connRate := fs.Float64("conn-rate", 5, "new connections per second allowed from one address")
	connBurst := fs.Int("conn-burst", 60, "connections one address may open at once before the rate applies")
	if err := parse(fs, args, false); err != nil {
		return err
	}
	path, err := ensureDB(*db)
	if err != nil {
		return err
	}
	if *hostKey == "" {
		def, err := store.DefaultPath()
		if err != nil {
			return fmt.Errorf("%w (or give --host-key)", err)
		}
		*hostKey = filepath.Join(filepath.Dir(def), "ssh_host_ed25519_key")
	}
	if *authKeys == "" {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return errors.New("no home directory to find ~/.ssh/authorized_keys: give --authorized-keys")
		}
		*authKeys = filepath.Join(home, ".ssh", "authorized_keys")
	}
	logger := log.NewWithOptions(stderr, log.Options{ReportTimestamp: true, TimeFormat: "2006-01-02 15:04:05"})
	srv, err := serve.New(serve.Config{Listen: *listen, DB: path, HostKeyPath: *hostKey, AuthorizedKeysPath: *authKeys,
		MaxSessions: *maxSessions, IdleTimeout: *idle, ConnRate: rate.Limit(*connRate), ConnBurst: *connBurst, Logger: logger})
	if err != nil {
		return err
	}
	if _, err := srv.Listen(); err != nil {
		return err
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sig)
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	select {
	case err := <-served:
		return err
	case s := <-sig:
		logger.Info("signal received", "signal", s.String())
	}
	// Sessions get their goodbye; the process is gone within five seconds.
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		logger.Warn("sessions closed forcibly", "err", err)
	}
	logger.Info("stopped")
	return nil
}
