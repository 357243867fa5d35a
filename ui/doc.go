// Package ui is gansudash's terminal program: the dashboard's pages
// (overview, indicator detail, comparison, promotion events, sources, help),
// the table and region tree they are built from, their styles and key map,
// the plain-text report and its command, and Run, which opens the dashboard
// in a terminal. The SSH server (ui/serve) delivers the same program to each
// session; the command line (ui/cli) starts it.
//
// Layout: app.go is the root model (a stack of pages over three views);
// context.go the Context every page shares (size, language, styles, keys,
// data); tablepage.go the base of the pages built on one table; table.go
// the table component; format.go how figures, changes, periods and sources
// are written on every screen; share.go export ("e") and copy ("y"); a file
// per page. Pages follow soft-serve's pattern: the parent tells each child its
// size (SetSize), children render only what is visible, and data loads run in
// tea.Cmds, never inside Update.
//
// Imports: model, store (through the Data interface, which store.Viewer
// implements), Bubble Tea, Bubbles, Lip Gloss, cobra (for the report command),
// and its sub-packages cells, match, sanitize and spark.
//
// Traps of its dependencies that shaped it:
//
//   - Under CJK locales (LANG=zh_CN.UTF-8, or RUNEWIDTH_EASTASIAN=1)
//     go-runewidth counts East-Asian ambiguous characters (…, “”, —, ①, ▁..█,
//     ▲) as two cells while Lip Gloss pads with x/ansi, which counts them as
//     one: columns line up but content is cut early. Every width comes from
//     ui/cells, which pins go-runewidth to x/ansi's answer (cells.Init).
//   - Emoji with a variation selector (⚠️) are two cells to x/ansi and one to
//     tmux: they are kept out of cells (the sanitiser drops the selector).
//   - Over SSH, styles must come from the session's own renderer, or colours
//     follow the server's stdout instead of the client's terminal: Styles are
//     built from Context.Renderer, one per session.
//   - A renderer asked for the background colour after Bubble Tea reads the
//     keyboard waits five seconds and reads the answer as keys: the local
//     renderer settles it before the program starts (terminalRenderer).
//   - Bubble Tea v1's package init asks the terminal for its background
//     colour (OSC 11, then a cursor-position query) in every process whose
//     stdout is a terminal, whatever the command: a terminal answers within
//     milliseconds; tests on a pty answer as a terminal would. Nothing else
//     in gansudash queries a terminal outside the dashboard: the report's
//     renderer takes its colours from the environment.
//   - bubbles' table renders every row each frame (bubbles issue #276): Table
//     is gansudash's own, rendering only the rows on screen and caching lines.
package ui
