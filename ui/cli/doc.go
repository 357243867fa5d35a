// Package cli is gansudash's command line: the cobra command tree (the
// dashboard at the root; import, export, extract, report, backup, check, init,
// serve, completion and help), its flags, help texts and examples, and the exit
// statuses (0 done, 1 failed, 2 a command line that cannot be understood).
// main.go hands over to Main, which decides the language, builds the tree
// with NewRoot and runs it with Execute.
//
// Language: every help text, message and error is in the interface's
// language, decided before cobra parses anything (ui.CommandLang): --lang zh
// or en when given (read from the arguments first); otherwise the first of
// LC_ALL, LC_MESSAGES and LANG that names a language: English for en (en,
// en_US.UTF-8, ...), Chinese for zh and for every other language. A variable
// that is empty, C or POSIX (C.UTF-8, POSIX, ...) names none and counts as
// unset; with none set the language is Chinese. The rule is ui.DetectLang,
// the same for the dashboard and for the SSH server's sessions (with the
// client's environment). Errors from the model and the store say themselves
// in it (model.Localize); cobra's and pflag's own words are translated by
// ui.LocalizeHelp and ui.FlagError.
//
// Database: every command finds it through app.dbPath: --db, else
// $GANSUDASH_DB, else the user data directory. A database named by --db or
// GANSUDASH_DB must exist (a mistyped path is an error, never a new, empty
// database); only the default one is created on the first run, from the
// embedded default figures. init creates one anywhere, with the default
// figures or --empty, and never replaces a file. Every error is printed once,
// through the sanitiser (ui.ReportError). The report command is
// ui.ReportCommand, shared with the SSH server.
//
// Imports: model, store, ui, ui/serve, cobra.
package cli
