// Package store keeps gansudash's figures in a local bbolt database and
// moves them in and out of files.
//
// It owns: the schema and its upgrades (db.go); the key layout that makes one
// series one ordered range scan (keylayout.go) and the codec of its values
// (codec.go); reading (read.go, and viewer.go for dashboards, which never hold
// the file open); writing a batch in one transaction (write.go, validate.go,
// order.go); imports of any size in bounded memory (import.go, stream.go,
// runs.go, rebuild.go) and the writers' lock that orders them
// (writelock*.go); input files (sheet.go, input.go, readcsv.go, fields.go)
// and how their rows become figures (resolve*.go, names.go); export formats
// (export.go, exportcsv.go, csvwrite.go); check and backup (check.go,
// checkfigures.go); progress of long work (progress.go); the embedded default
// dataset (data/, defaults.go); where the database lives (paths.go).
//
// Imports: an import of up to 10,000 rows is one transaction of the
// database, as it always was. A larger one never holds its rows: they are
// validated as they are read, sorted on disk in runs (an external merge
// sort), and merged into a copy of the database beside it (.NAME.import-*.tmp)
// in batches of 32,768 figures, a transaction each; the copy is verified,
// synced and renamed over the database. This was chosen over the two other
// ways to bound memory that keep every promise: many transactions on the
// database itself would let viewers and a crash see half an import (a
// revision journal to undo it is a second write path to get right), and
// one transaction is what made memory grow with the file (bbolt keeps
// every page it touches until the commit: 1.7 GB for a million rows). The
// copy costs the database's size in free disk and one sequential copy
// (tx.WriteTo, the system's file-to-file copy where it has one); in return
// a crash at any moment leaves the old file whole, viewers keep reading the
// old file they hold (an unlinked file stays readable while open) and see
// the new one at their next open (its identity and generation differ), and
// the batches append in key order, so the copy is as compact as a fresh
// database. Measured on 10M rows: 216.1 MB peak RSS. While the copy is
// written, the goroutine that merges the runs also makes each batch's series
// summaries (they depend on the figures alone; the category byte is set when
// written), so bbolt's one writing goroutine only puts. Writers take a lock of
// their own on .NAME.lock beside the database (bbolt's lock is on the old
// file, which a waiting writer would get once it is replaced); where there
// can be none (a directory this user may not write in, Windows, where an
// open file cannot be replaced), imports write in place in one transaction.
//
// Check reads every figure once, in batches of whole series on a worker
// per core, decoding text in place from the mapping (nothing is kept past
// the transaction; problems are printed at once). The three series indexes
// are compared as multisets: a 64-bit hash of every entry the figures call
// for, summed, against the sum over a cursor walk of each index (a random
// seed per run); only a difference runs a second pass that looks each
// entry up to name it. Look-ups by key were most of check's time. Backup
// runs the same check on the read transaction it copies with tx.WriteTo,
// at the same time, and confirms the copy by its CRC-32C read back, rather
// than checking the copy in a second pass.
//
// Export's CSV rows are appended by csvRowEncoder, byte for byte what
// encoding/csv writes for the cells (a test holds them equal), with each
// region's, indicator's and source's cells encoded once.
//
// New databases have 16 KB pages (pageSize), four times the usual: bbolt
// writes each dirty page with a system call and splits per page, and a
// 10M import wrote its copy in 16.6 s instead of 20.2 s. A file keeps the
// page size it was made with.
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
//   - A read-write bbolt handle's lock is on the file it opened: once an
//     import renames its copy over the database, a writer that waited for
//     the old file would write into a file no one reads. Writers therefore
//     order themselves with .NAME.lock (writelock.go), taken before bbolt's.
//   - bbolt reads through a memory mapping: pages a transaction reads stay
//     resident (and count in RSS) until the file is unmapped. An import that
//     reads a large database back reopens its copy every few batches.
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
