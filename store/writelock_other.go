//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store

import (
	"os"

	berrors "go.etcd.io/bbolt/errors"
)

// Elsewhere (Windows: a file that is open cannot be renamed over) there is
// no writers' lock: imports write in place, in one transaction, ordered by
// bbolt's own lock.
const canLockWriters = false

var errWriterLocked = berrors.ErrTimeout

func tryLockFile(*os.File) (bool, error) { return true, nil }

func unlockFile(*os.File) {}
