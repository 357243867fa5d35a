package cli

import (
	"github.com/gansudash/gansudash/store"
)

// app holds what the commands share: the environment and the --db flag.
type app struct {
	env    *Env
	dbFlag string
	dash   struct {
		lang, region, category string
		ascii                  bool
	}
}

// dbPath is the one way every command finds its database: --db, else
// $GANSUDASH_DB, else the user data directory. With firstRun, a database
// that does not exist yet is created there from the embedded default
// figures; check, which must change nothing, passes false.
func (a *app) dbPath(firstRun bool) (string, error) {
	path, err := store.ResolvePath(a.dbFlag)
	if err != nil || !firstRun {
		return path, err
	}
	if _, err := store.EnsureDefault(path); err != nil {
		return "", err
	}
	return path, nil
}

// openReadOnly opens the database for one consistent read (export, backup).
func (a *app) openReadOnly() (*store.DB, error) {
	path, err := a.dbPath(true)
	if err != nil {
		return nil, err
	}
	return store.Open(path, store.OpenOptions{ReadOnly: true})
}

// openViewer opens the database the way the dashboard and report read it:
// each query holds the file for its milliseconds, so imports never wait.
func (a *app) openViewer() (*store.Viewer, error) {
	path, err := a.dbPath(true)
	if err != nil {
		return nil, err
	}
	return store.OpenViewer(path, 0)
}
