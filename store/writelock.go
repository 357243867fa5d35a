package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Writers of a database take a lock of their own, on an empty file beside
// it (.NAME.lock), before they open it for writing: an import builds the new
// state in a copy and renames it over the database, so bbolt's lock on the
// old file, which a waiting writer would get once the old file is gone,
// cannot be what orders writers. Viewers never take it.

// writerLock is held for as long as one writer runs: an import from its
// first read of the catalog to its rename, a read-write DB until Close.
type writerLock struct{ f *os.File }

// lockPath is the writers' lock file of the database at path.
func lockPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock")
}

// lockWriters takes the writers' lock of the database at path, waiting at
// most timeout for another writer. Where there can be no lock file (a
// directory this user may not write in, a system without flock) it returns
// a nil lock and no error: bbolt's own lock then orders in-place writers,
// and there is nowhere to build a copy anyway.
func lockWriters(path string, timeout time.Duration) (*writerLock, error) {
	if !canLockWriters {
		return nil, nil
	}
	f, err := os.OpenFile(lockPath(path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
			return nil, nil
		}
		return nil, &PathError{Path: path, Err: err}
	}
	deadline := time.Now().Add(timeout)
	for {
		ok, err := tryLockFile(f)
		if err != nil {
			f.Close()
			return nil, &PathError{Path: path, Err: err}
		}
		if ok {
			return &writerLock{f: f}, nil
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, classifyOpenError(path, errWriterLocked, false)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// release lets the next writer in. A nil lock releases nothing.
func (l *writerLock) release() {
	if l != nil && l.f != nil {
		unlockFile(l.f)
		l.f.Close()
		l.f = nil
	}
}
