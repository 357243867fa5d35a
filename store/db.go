package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store/atomicfile"
)

// SchemaVersion is the layout this build writes. Older databases are upgraded
// when opened for writing; newer ones are refused.
const SchemaVersion = 2

// Default lock timeouts: a viewer's read is short, so a writer waits little;
// a second writer waits for the first a bounded time, then gives up.
const (
	DefaultReadTimeout  = 2 * time.Second
	DefaultWriteTimeout = 10 * time.Second
)

// Bucket names. Keys are described in keys.go.
var (
	bucketMeta         = []byte("meta")
	bucketRegions      = []byte("regions")
	bucketIndicators   = []byte("indicators")
	bucketSources      = []byte("sources")
	bucketObs          = []byte("obs")
	bucketSeries       = []byte("series")
	bucketRegionSeries = []byte("region_series")
	bucketSourceSeries = []byte("source_series")
	bucketSourceCounts = []byte("source_counts")
	bucketRegionCounts = []byte("region_counts")
	bucketRevisions    = []byte("revisions")

	allBuckets = [][]byte{bucketMeta, bucketRegions, bucketIndicators, bucketSources, bucketObs,
		bucketSeries, bucketRegionSeries, bucketSourceSeries, bucketSourceCounts, bucketRegionCounts, bucketRevisions}

	keySchema     = []byte("schema")
	keyMagic      = []byte("magic")
	keyGeneration = []byte("generation")
	magic         = []byte("gansudash")
)

// OpenOptions says how to open a database.
type OpenOptions struct {
	ReadOnly bool
	// Timeout bounds the wait for the file lock; zero means the default for
	// the mode. It is never infinite.
	Timeout time.Duration
}

// DB is an open gansudash database. A read-write DB holds an exclusive lock
// on the file until Close; a read-only one holds a shared lock. Viewers should
// hold it only for as long as a query takes (see Viewer).
type DB struct {
	bolt     *bolt.DB
	path     string
	readOnly bool
	lock     *writerLock // a writer's: held until Close
	// Progress, when set, hears how far Check, Backup and Export got.
	Progress ProgressFunc
}

// Typed errors, so that callers (and tests) can tell the cases apart.
var (
	// ErrLocked means another process holds the database lock.
	ErrLocked = model.Errorf("数据库已被另一进程锁定", "database is locked by another process")
	// ErrNotGansudash means the file is not a gansudash database.
	ErrNotGansudash = model.Errorf("不是 gansudash 数据库", "not a gansudash database")
	// ErrNewerSchema means the database was written by a newer gansudash.
	ErrNewerSchema = model.Errorf("数据库由更新版本的 gansudash 写入", "database was written by a newer gansudash")
	// ErrNotExist means there is no database at the path.
	ErrNotExist = model.Errorf("没有数据库", "no database")
	// ErrDamaged means the file is a database but its contents are damaged.
	ErrDamaged = model.Errorf("数据库文件已损坏", "database file is damaged")
	// ErrEmpty means the database holds no figures yet.
	ErrEmpty = model.Errorf("数据库中还没有数据：请用 gansudash import FILE 导入", "the database holds no figures yet: import some with gansudash import FILE")
)

// PathError ties an error to the database file it happened to, and says what
// to do about it.
type PathError struct {
	Path string
	Err  error      // one of the Err* values above, or an underlying error
	Hint model.Text // what the user can do
	Also error      // the underlying cause, when Err is one of ours
}

func (e *PathError) Error() string { return e.Localize(model.English) }

// Localize prints the error in lang: the path, the cause (and the
// underlying one) and the hint. An error of the operating system keeps its
// own words, except the common causes (see atomicfile.LocalizeOS).
func (e *PathError) Localize(lang model.Lang) string {
	msg := e.Path + ": " + atomicfile.LocalizeOS(e.Err, lang)
	if e.Also != nil {
		msg += lang.Pick("（", " (") + atomicfile.LocalizeOS(e.Also, lang) + lang.Pick("）", ")")
	}
	if hint := e.Hint.Localize(lang); hint != "" {
		msg += lang.Pick("：", ": ") + hint
	}
	return msg
}

// hint makes a PathError's hint.
func hint(zh, en string, args ...any) model.Text { return model.T(zh, en, args...) }

func (e *PathError) Unwrap() []error {
	if e.Also != nil {
		return []error{e.Err, e.Also}
	}
	return []error{e.Err}
}

// Open opens the gansudash database at path. It never creates one (see
// Create and EnsureDefault), never waits for the lock longer than the timeout,
// and refuses files that are not gansudash databases without modifying them.
// A read-write open upgrades an older schema.
func Open(path string, opt OpenOptions) (*DB, error) { return open(path, opt, true) }

// open is Open; a writer that already holds the writers' lock passes
// takeLock false.
func open(path string, opt OpenOptions, takeLock bool) (*DB, error) {
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = DefaultWriteTimeout
		if opt.ReadOnly {
			timeout = DefaultReadTimeout
		}
	}
	if err := checkFile(path); err != nil {
		return nil, err
	}
	var lock *writerLock
	if !opt.ReadOnly && takeLock {
		// The file proves it is a database first: nothing is created
		// beside a file that is not one.
		if err := verifyReadOnly(path, timeout); err != nil {
			return nil, err
		}
		start := time.Now()
		var err error
		if lock, err = lockWriters(path, timeout); err != nil {
			return nil, err
		}
		timeout = max(timeout-time.Since(start), 100*time.Millisecond)
	}
	db, err := openLocked(path, opt, timeout)
	if err != nil {
		lock.release()
		return nil, err
	}
	db.lock = lock
	return db, nil
}

func openLocked(path string, opt OpenOptions, timeout time.Duration) (*DB, error) {
	if !opt.ReadOnly {
		// A read-write open of another program's bbolt file can rewrite it
		// (bbolt syncs a freelist the file does not keep, as etcd's files
		// do not): the file must prove it is gansudash's, read-only, first.
		if err := verifyReadOnly(path, timeout); err != nil {
			return nil, err
		}
	}
	// The freelist is loaded now, where a damaged one is caught, rather than
	// lazily inside bbolt's check goroutine, where a panic would be fatal.
	bo := &bolt.Options{Timeout: timeout, ReadOnly: opt.ReadOnly, FreelistType: bolt.FreelistMapType, PreLoadFreelist: true}
	if !opt.ReadOnly {
		bo.InitialMmapSize = writerMmapSize(path)
	}
	b, err := openBolt(path, bo)
	if err != nil {
		return nil, classifyOpenError(path, err, opt.ReadOnly)
	}
	b.AllocSize = writerAllocSize
	db := &DB{bolt: b, path: path, readOnly: opt.ReadOnly}
	if err := db.checkSchema(); err != nil {
		b.Close()
		return nil, err
	}
	return db, nil
}

// verifyReadOnly opens the file read-only, to make sure it is a gansudash
// database (of this schema or an older one) before anything writes to it.
func verifyReadOnly(path string, timeout time.Duration) error {
	ro, err := open(path, OpenOptions{ReadOnly: true, Timeout: timeout}, false)
	if err != nil && !isOlderSchema(err) {
		return err
	}
	if ro != nil {
		ro.Close()
	}
	return nil
}

// writerAllocSize is how far beyond its needs bbolt grows the file. With a
// large mapping (writerMmapSize) its default, 16 MB, would make a database
// of a few hundred figures a 16 MB file; an import is one commit, so one
// grow, and a small step costs nothing.
const writerAllocSize = 512 << 10

// writerMmapSize maps a writer's file generously from the start: when a
// write transaction outgrows the mapping, bbolt remaps and copies every
// node it holds off the old mapping, which made a large import spend a third
// of its time there. Mapping reserves address space, not memory, except on
// Windows, where bbolt grows the file to the mapping's size: there the
// default stays.
func writerMmapSize(path string) int {
	if runtime.GOOS == "windows" || strconv.IntSize < 64 {
		return 0
	}
	size := int64(1 << 30)
	if st, err := os.Stat(path); err == nil && 2*st.Size() > size {
		size = 2 * st.Size()
	}
	return int(size)
}

// checkFile refuses, before bbolt sees it, what bbolt would either initialise
// (a zero-length file) or misread (a directory, a file too short to hold the
// two meta pages).
func checkFile(path string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &PathError{Path: path, Err: ErrNotExist, Hint: hint("先不带 --db 运行一次 gansudash 以创建默认数据库，或给出已有数据库的路径", "run gansudash once without --db to create the default database, or give the path of an existing one")}
	case err != nil:
		return &PathError{Path: path, Err: err}
	case st.IsDir():
		return &PathError{Path: path, Err: ErrNotGansudash, Hint: hint("这是一个目录；请给出数据库文件的路径", "it is a directory; give the path of the database file")}
	case st.Size() == 0:
		return &PathError{Path: path, Err: ErrNotGansudash, Hint: hint("文件为空；请删除它后用 gansudash init --db 此路径 重建（默认位置的数据库则重新运行 gansudash 即可）", "the file is empty; remove it and rebuild it with gansudash init --db PATH (for the default database, run gansudash again)")}
	case st.Size() < 2*512:
		return &PathError{Path: path, Err: ErrNotGansudash, Hint: hint("文件只有 %d 字节，不足以构成数据库", "the file is only %d bytes, too short for a database", st.Size())}
	}
	return nil
}

// openBolt opens the bolt file, turning a panic inside bbolt (which a damaged
// file can provoke) into an error.
func openBolt(path string, o *bolt.Options) (b *bolt.DB, err error) {
	// bbolt reads the file through a memory mapping; a fault there (a page
	// past the end of a truncated file) must become an error, not kill the
	// process.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, model.Errorf("%w：%v", "%w: %v", ErrDamaged, fmt.Sprint(r))
		}
	}()
	if o != nil && o.PageSize == 0 {
		o.PageSize = pageSize // a new file's; an existing file keeps its own
	}
	return bolt.Open(path, 0o600, o)
}

// pageSize is the page size of the databases gansudash creates: four times
// the system's usual 4 KB. bbolt writes every dirty page of a commit with a
// system call of its own and splits and rebalances per page; with 16 KB
// pages a ten-million-figure import's writing took 16.6 s instead of 20.2
// s, and files are smaller. A database made with other pages keeps them.
const pageSize = 16 << 10

func classifyOpenError(path string, err error, readOnly bool) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		h := hint("另一 gansudash 进程正在写入（导入中？）；请等待其完成后重试",
			"another gansudash process is writing it (an import?); wait for it to finish and try again")
		if !readOnly {
			h = hint("另一 gansudash 进程正打开着它（导入中，或是一直打开文件的旧版 gansudash）；请等待其完成后重试",
				"another gansudash process has it open (an import, or an older gansudash that keeps the file open); wait for it to finish and try again")
		}
		return &PathError{Path: path, Err: ErrLocked, Hint: h}
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch),
		strings.Contains(err.Error(), "file size too small"): // bbolt has no typed error for this one
		return &PathError{Path: path, Err: ErrNotGansudash, Also: err, Hint: hint("该文件不是 bbolt 数据库；请检查路径", "the file is not a bbolt database; check the path")}
	case errors.Is(err, berrors.ErrChecksum), errors.Is(err, ErrDamaged):
		return &PathError{Path: path, Err: ErrDamaged, Also: err, Hint: hint("请从备份（gansudash backup）恢复，或将其移走，从默认数据重新开始", "restore it from a backup (gansudash backup), or move it away to start again from the default data")}
	case errors.Is(err, fs.ErrPermission):
		return &PathError{Path: path, Err: err, Hint: hint("无权写入该文件或其所在目录；请检查权限，或以只读方式打开", "you may not write this file or its directory; check its permissions, or open it read-only")}
	}
	return &PathError{Path: path, Err: err}
}

// checkSchema makes sure the file is a gansudash database this build
// understands, upgrading an older one when open for writing.
func (db *DB) checkSchema() error {
	var version uint64
	err := db.view(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil || string(meta.Get(keyMagic)) != string(magic) {
			return &PathError{Path: db.path, Err: ErrNotGansudash, Hint: hint("这是其他程序的 bbolt 数据库；请检查路径", "it is a bbolt database of another program; check the path")}
		}
		v := meta.Get(keySchema)
		if len(v) != 8 {
			return &PathError{Path: db.path, Err: ErrDamaged, Hint: hint("缺少结构版本号；请从备份恢复", "its schema version is missing; restore it from a backup")}
		}
		version = binary.BigEndian.Uint64(v)
		// A file shorter than bbolt's own high-water mark was truncated:
		// reading the missing pages would fault.
		if st, err := os.Stat(db.path); err == nil && tx.Size() > st.Size() {
			return &PathError{Path: db.path, Err: ErrDamaged, Hint: hint("文件被截断（应有 %d 字节，实有 %d 字节）；请从备份恢复",
				"the file is truncated (it should hold %d bytes, it holds %d); restore it from a backup", tx.Size(), st.Size())}
		}
		return nil
	})
	if err != nil {
		return err
	}
	switch {
	case version > SchemaVersion:
		return &PathError{Path: db.path, Err: ErrNewerSchema,
			Hint: hint("其结构版本为 %d，本 gansudash 最高只支持 %d；请使用更新版本的 gansudash",
				"its schema is version %d and this gansudash understands up to %d; use a newer gansudash", version, SchemaVersion)}
	case version < SchemaVersion && db.readOnly:
		return &PathError{Path: db.path, Err: errOlderSchema{version},
			Hint: hint("请以可写方式打开一次（gansudash check --upgrade）以升级", "open it once for writing (gansudash check --upgrade) to upgrade it")}
	case version < SchemaVersion:
		return db.upgrade(version)
	}
	return nil
}

// errOlderSchema is a gansudash database of an older schema, opened read-only.
type errOlderSchema struct{ version uint64 }

func (e errOlderSchema) Error() string { return e.Localize(model.English) }

// Localize says the error in lang.
func (e errOlderSchema) Localize(lang model.Lang) string {
	return model.T("数据库结构版本 %d 低于 %d", "database schema %d is older than %d", e.version, SchemaVersion).Localize(lang)
}

func isOlderSchema(err error) bool {
	var e errOlderSchema
	return errors.As(err, &e)
}

// upgrades[v] turns a database of schema v into schema v+1, inside one
// transaction, so an interrupted upgrade leaves the old schema intact.
var upgrades = map[uint64]func(tx *bolt.Tx) error{1: upgradeFrom1}

func (db *DB) upgrade(from uint64) error {
	return db.update(func(tx *bolt.Tx) error {
		for v := from; v < SchemaVersion; v++ {
			step, ok := upgrades[v]
			if !ok {
				return &PathError{Path: db.path, Err: model.Errorf("没有从结构版本 %d 升级的方法", "no upgrade from schema %d", v),
					Hint: hint("请用写入它的 gansudash 导出，再在这里导入", "export it with the gansudash that wrote it and import it here")}
			}
			if err := step(tx); err != nil {
				return model.Errorf("将 %s 从结构版本 %d 升级时出错：%w", "upgrading %s from schema %d: %w", db.path, v, err)
			}
		}
		return putUint(tx.Bucket(bucketMeta), keySchema, SchemaVersion)
	})
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// Close releases the file and its locks.
func (db *DB) Close() error {
	err := db.bolt.Close()
	db.lock.release()
	db.lock = nil
	return err
}

// view runs fn in a read transaction, turning a panic from a damaged page
// into ErrDamaged.
func (db *DB) view(fn func(tx *bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &PathError{Path: db.path, Err: ErrDamaged, Also: fmt.Errorf("%v", r), Hint: hint("请运行 gansudash check，并从备份恢复", "run gansudash check; restore it from a backup")}
		}
	}()
	return db.bolt.View(fn)
}

// update runs fn in a write transaction that bumps the generation counter, so
// viewers can tell the data changed.
func (db *DB) update(fn func(tx *bolt.Tx) error) error {
	return db.updateTx(func(tx *bolt.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		return putUint(meta, keyGeneration, getUint(meta, keyGeneration)+1)
	})
}

// updateTx runs fn in a write transaction, as update does, without bumping
// the generation: an import's copy is written in many transactions and
// bumps it once.
func (db *DB) updateTx(fn func(tx *bolt.Tx) error) (err error) {
	if db.readOnly {
		return &PathError{Path: db.path, Err: model.Errorf("数据库以只读方式打开", "database is open read-only")}
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &PathError{Path: db.path, Err: ErrDamaged, Also: fmt.Errorf("%v", r), Hint: hint("未写入任何内容；请运行 gansudash check", "nothing was written; run gansudash check")}
		}
	}()
	err = db.bolt.Update(fn)
	if err != nil && outOfSpace(err) {
		return &PathError{Path: db.path, Err: err, Hint: hint("磁盘已满或文件大小受限；未写入任何内容：请腾出空间（或放宽限制）后重试",
			"the disk is full or the file size is limited; nothing was written: free some space (or raise the limit) and try again")}
	}
	return err
}

// outOfSpace recognises a write that failed for lack of room: a full disk
// (ENOSPC), a quota (EDQUOT) or a file-size limit (EFBIG), on any system.
func outOfSpace(err error) bool {
	msg := err.Error()
	for _, s := range []string{"no space left on device", "disk quota exceeded", "file too large", "not enough space on the disk"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// Generation returns a counter that every write increments.
func (db *DB) Generation() (uint64, error) {
	var g uint64
	err := db.view(func(tx *bolt.Tx) error {
		g = getUint(tx.Bucket(bucketMeta), keyGeneration)
		return nil
	})
	return g, err
}

func putUint(b *bolt.Bucket, key []byte, v uint64) error {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], v)
	return b.Put(key, buf[:])
}

func getUint(b *bolt.Bucket, key []byte) uint64 {
	v := b.Get(key)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

// Create makes a new, empty gansudash database at path and opens it for
// writing. It fails if anything exists at path.
func Create(path string) (*DB, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, classifyOpenError(path, err, false)
	}
	f.Close()
	b, err := openBolt(path, &bolt.Options{Timeout: DefaultWriteTimeout, FreelistType: bolt.FreelistMapType,
		InitialMmapSize: writerMmapSize(path)})
	if err != nil {
		os.Remove(path)
		return nil, classifyOpenError(path, err, false)
	}
	b.AllocSize = writerAllocSize
	db := &DB{bolt: b, path: path}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(keyMagic, magic); err != nil {
			return err
		}
		return putUint(meta, keySchema, SchemaVersion)
	})
	if err != nil {
		b.Close()
		os.Remove(path)
		return nil, &PathError{Path: path, Err: err}
	}
	return db, nil
}
