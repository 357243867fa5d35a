// Package atomicfile writes files that appear whole or not at all: the
// content is built in a temporary file beside the destination (the same
// directory, so the final step is an atomic rename or link on one file
// system), synced, and only then moved into place. A crash, a full disk or
// a failed check leaves the destination as it was and removes the temporary
// file. Errors name the destination the user gave, never the temporary file.
//
// It is the one writer behind every file gansudash creates: export -o,
// backup, the dashboard's "e", and the database built on first run.
//
// Imports: the standard library, and model for its messages in both
// languages.
package atomicfile
