// Package cli is gansudash's command line: the cobra command tree (the
// dashboard at the root; import, export, extract, report, backup, check, serve,
// completion and help), its flags, help texts and examples, and the exit
// statuses (0 done, 1 failed, 2 a command line that cannot be understood).
// main.go builds the tree with NewRoot and hands over to Execute.
//
// Every command finds its database through app.dbPath; every error is printed
// once, through the sanitiser (ui.ReportError). The report command is
// ui.ReportCommand, shared with the SSH server.
//
// Imports: model, store, ui, ui/serve, cobra.
package cli
