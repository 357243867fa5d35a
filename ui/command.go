package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// Exit statuses of every command, locally and over SSH.
const (
	ExitOK     = 0 // done
	ExitFailed = 1 // failed: the message says what, where and what to do
	ExitUsage  = 2 // a command line that cannot be understood
)

// UsageError is a command line that cannot be understood: an unknown
// command or flag, a bad flag value, a missing argument. It exits with
// ExitUsage.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// Usagef makes a UsageError.
func Usagef(format string, args ...any) error { return UsageError{fmt.Sprintf(format, args...)} }

// ReportError prints a command's error once, through the sanitiser, and
// returns the exit status: ExitUsage for a command line that cannot be
// understood (with where to read more), ExitFailed otherwise. An import's
// list of problems is printed whole, then what it means.
func ReportError(w io.Writer, cmd *cobra.Command, err error) int {
	if err == nil {
		return ExitOK
	}
	// Every message is one line through the sanitiser: a line break in a
	// file name must not forge a line of output.
	var ue UsageError
	if errors.As(err, &ue) {
		fmt.Fprintf(w, "gansudash: %s\n", sanitize.Line(ue.Msg))
		if cmd != nil && cmd.Name() == "help" {
			cmd = cmd.Root()
		}
		if cmd != nil && !strings.Contains(ue.Msg, "--help") {
			fmt.Fprintf(w, "gansudash: run '%s --help' for usage\n", cmd.CommandPath())
		}
		return ExitUsage
	}
	var list store.ErrorList
	if errors.As(err, &list) {
		for i, e := range list {
			if i == store.MaxListedErrors {
				fmt.Fprintf(w, "... and %d more problems\n", len(list)-store.MaxListedErrors)
				break
			}
			fmt.Fprintln(w, sanitize.Line(e.Error()))
		}
		n := 0
		for _, e := range list {
			n += max(1, e.Count)
		}
		fmt.Fprintf(w, "gansudash: %s in %s; nothing was imported: correct the files and import them again\n",
			plural(len(list), "problem", "problems"), plural(n, "row", "rows"))
		return ExitFailed
	}
	fmt.Fprintf(w, "gansudash: %s\n", sanitize.Line(err.Error()))
	return ExitFailed
}

// FlagError makes cobra's flag errors usage errors (for SetFlagErrorFunc).
func FlagError(_ *cobra.Command, err error) error { return UsageError{err.Error()} }

// NoArgs refuses positional arguments as a usage error.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return Usagef("%s: unexpected argument %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// UnknownCommand refuses a first argument that names no command, with the
// closest command suggested (for a root command's Args).
func UnknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %q?)", s[0])
	}
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return UsageError{Msg: msg + "; the commands are " + strings.Join(names, ", ")}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
