package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
			return &fs.PathError{Op: "create", Path: dest, Err: fs.ErrExist}
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
			return &fs.PathError{Op: "create", Path: dest, Err: fs.ErrExist}
		}
		return nil
	}
	// File systems without hard links (FAT on a USB stick): check, then
	// rename, which leaves a moment in between.
	if _, statErr := os.Lstat(dest); statErr == nil {
		return &fs.PathError{Op: "create", Path: dest, Err: fs.ErrExist}
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
	return &fs.PathError{Op: op, Path: dest, Err: err}
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
