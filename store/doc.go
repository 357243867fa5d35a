// Package store keeps gansudash's figures in a local bbolt database and
// moves them in and out of files.
//
// It owns: the schema and its upgrades (db.go); the key layout that makes one
// series one ordered range scan (keylayout.go) and the codec of its values
// (codec.go); reading (read.go, and viewer.go for dashboards, which never hold
// the file open); writing a batch in one transaction (write.go, validate.go,
// order.go); input files (sheet.go, readfile.go, csvread.go, fields.go) and
// how their rows become figures (resolve*.go, names.go); export formats
// (export.go, csvwrite.go); check and backup (check.go); the embedded default
// dataset (data/, defaults.go); where the database lives (paths.go).
//
// Imports: model, bbolt (only here: no other package of gansudash imports
// it), excelize for XLSX, x/text for GB18030, and its own sub-packages
// atomicfile (whole files or nothing) and, in tests only, synth.
//
// Traps of its dependencies that shaped it:
//
//   - bbolt holds an flock for as long as a DB handle is open: shared for
//     read-only, exclusive for read-write. A viewer that kept the file open
//     would block every import, so Viewer opens the file per query and lets
//     it go 50 ms later; every open has a lock timeout (bbolt's 0 means wait
//     forever), and a locked database is a clear error, not a hang.
//   - bbolt writes sorted keys several times faster than random ones (1M
//     records: 1.6 s sorted, 13–16 s random), and keeps a bucket's nodes whole
//     in memory until the commit, where a put into the middle of a node moves
//     everything after it. Batches are sorted into storage order first, and
//     index keys are sorted before they are put (putSorted).
//   - A write transaction that outgrows the memory mapping makes bbolt remap
//     and copy every node it holds: writers map 1 GiB (address space, not
//     memory) up front, except on Windows, where that would grow the file.
//   - bbolt panics on some damaged pages instead of returning an error, and
//     a truncated file faults in the mapping: every transaction runs under
//     debug.SetPanicOnFault with a recover that turns either into ErrDamaged.
//   - golang.org/x/text replaces bytes it cannot decode as GB18030 with U+FFFD
//     silently: decoded text is checked for U+FFFD, and the first one is
//     reported with its line and column.
//   - Excel runs cells that start with =, +, -, @ as formulas: CSV and XLSX
//     exports defuse them (DefuseCell) and import undoes it.
package store
