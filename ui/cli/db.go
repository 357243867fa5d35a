package cli

import (
	"errors"
	"io/fs"
	"os"
	"strings"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
)

// app holds what the commands share: the environment, the language and the
// --db flag.
type app struct {
	env      *Env
	lang     model.Lang // of the help and the messages, decided before parsing
	dbFlag   string
	langFlag string
	dash     struct {
		region, category string
		ascii            bool
	}
}

// t picks the text in the command line's language.
func (a *app) t(zh, en string) string { return a.lang.Pick(zh, en) }

// dbLocation is where the database is, and whether the user named it (with
// --db or GANSUDASH_DB) rather than taking the default.
func (a *app) dbLocation() (path, from string, err error) {
	if a.dbFlag != "" {
		return a.dbFlag, "--db", nil
	}
	if env := a.env.Getenv(store.EnvDB); env != "" {
		return env, store.EnvDB, nil
	}
	path, err = store.DefaultPath()
	return path, "", err
}

// dbPath is the one way every command finds its database: --db, else
// $GANSUDASH_DB, else the user data directory. A database the user named must
// exist: a mistyped path is an error, never a new database. With firstRun, the
// default database is created from the embedded default figures when it does
// not exist yet; check, which must change nothing, passes false.
func (a *app) dbPath(firstRun bool) (string, error) {
	path, from, err := a.dbLocation()
	if err != nil {
		return "", err
	}
	if from == "" {
		if firstRun {
			if _, err := store.EnsureDefault(path); err != nil {
				return "", err
			}
		}
		return path, nil
	}
	switch _, err := os.Stat(path); {
	case errors.Is(err, fs.ErrNotExist):
		return "", model.Errorf("数据库 %s 不存在（由 %s 指定）；新建请用 gansudash init --db %s",
			"database %s does not exist (named by %s); to create one, run gansudash init --db %s", path, from, shellWord(path))
	case err != nil:
		return "", &store.PathError{Path: path, Err: err}
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

// shellWord quotes a path for a command the user may copy, when a shell
// would split or expand it.
func shellWord(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t'\"$`\\!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
