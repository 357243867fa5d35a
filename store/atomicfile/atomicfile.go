package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gansudash/gansudash/model"
)

// Mode says what happens when the destination already exists.
type Mode uint8

const (
	// Replace replaces an existing destination atomically.
	Replace Mode = iota
	// NoClobber refuses an existing destination, even one that appears
	// while the file is being built (fs.ErrExist).
	NoClobber
)

// Build makes dest with build, which is given the path of a temporary file
// beside dest to create (it does not exist yet when build is called, so that
// programs that insist on creating their own file, such as bbolt, can). When
// build succeeds the file is synced and moved to dest; when it fails, or the
// move does, dest is untouched and the temporary file is removed.
func Build(dest string, mode Mode, build func(tmp string) error) error {
	dir := filepath.Dir(dest)
	if mode == NoClobber {
		if _, err := os.Lstat(dest); err == nil {
			return pathError("create", dest, fs.ErrExist)
		}
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(dest)+".*.tmp")
	if err != nil {
		return describe(dest, "create", err)
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp)
	defer os.Remove(tmp)
	if err := build(tmp); err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return describe(dest, "write", err)
	}
	if err := place(tmp, dest, mode); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// Write makes dest from what write writes.
func Write(dest string, mode Mode, write func(w io.Writer) error) error {
	return Build(dest, mode, func(tmp string) error {
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return describe(dest, "create", err)
		}
		if err := write(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return describe(dest, "write", err)
		}
		return nil
	})
}

// place moves the finished file to dest.
func place(tmp, dest string, mode Mode) error {
	if mode == Replace {
		if err := os.Rename(tmp, dest); err != nil {
			return describe(dest, "replace", err)
		}
		return nil
	}
	// A hard link fails if dest exists: nothing can appear in between.
	err := os.Link(tmp, dest)
	if err == nil || errors.Is(err, fs.ErrExist) {
		if err != nil {
			return pathError("create", dest, fs.ErrExist)
		}
		return nil
	}
	// File systems without hard links (FAT on a USB stick): check, then
	// rename, which leaves a moment in between.
	if _, statErr := os.Lstat(dest); statErr == nil {
		return pathError("create", dest, fs.ErrExist)
	}
	if err := os.Rename(tmp, dest); err != nil {
		return describe(dest, "create", err)
	}
	return nil
}

// describe names dest (not the temporary file) in an error from the
// operating system, keeping its cause for errors.Is.
func describe(dest, op string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &le):
		err = le.Err
	case errors.As(err, &pe):
		err = pe.Err
	}
	return pathError(op, dest, err)
}

// Error is an error of the operating system about the destination: an
// *fs.PathError (errors.As finds it, errors.Is its cause), printed as the
// system prints it, that also says itself in Chinese (LocalizeOS).
type Error struct{ Err *fs.PathError }

func pathError(op, dest string, err error) error {
	return &Error{&fs.PathError{Op: op, Path: dest, Err: err}}
}

func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns the *fs.PathError.
func (e *Error) Unwrap() error { return e.Err }

// Localize prints the error in lang.
func (e *Error) Localize(lang model.Lang) string { return LocalizeOS(e.Err, lang) }

// LocalizeOS prints an error of the operating system in lang. In Chinese an
// *fs.PathError says what could not be done to which path, and the common
// causes (the file exists, does not exist, permission denied, the disk is
// full) are in words; any other cause stays as the system says it. An error
// that can localize itself does; in English every error is its Error().
func LocalizeOS(err error, lang model.Lang) string {
	if err == nil {
		return "<nil>" // as %v prints it
	}
	return model.Localize(err, lang)
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename durable; failures are ignored (not every system
// can sync a directory).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
