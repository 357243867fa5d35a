package store

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
)

// The revision history keeps every value an import replaced: its key is the
// figure's obs key, a separator and a sequence number (so one figure's
// revisions come in the order they were made, and one series' are one range
// scan under its prefix); its value is when and by which file the value was
// replaced, then the replaced value as obs stores it.

const revisionFormat = 1

func revisionKey(obsKey []byte, seq uint64) []byte {
	k := make([]byte, 0, len(obsKey)+9)
	k = append(k, obsKey...)
	k = append(k, sep)
	return binary.BigEndian.AppendUint64(k, seq)
}

// putRevision keeps old, the value stored under obsKey before an import
// replaced it.
func putRevision(b *bolt.Bucket, obsKey, old []byte, when time.Time, file string) error {
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	e := encoder{b: make([]byte, 0, len(old)+len(file)+16)}
	e.byte(revisionFormat)
	e.uvarint(uint64(when.Unix()))
	e.str(file)
	e.b = append(e.b, old...)
	return b.Put(revisionKey(obsKey, seq), e.b)
}

// decodeRevision reads one revision of the history.
func decodeRevision(k, v []byte) (model.Revision, error) {
	var r model.Revision
	if len(k) < 9 || k[len(k)-9] != sep {
		return r, model.Errorf("修订记录键 %q 格式有误", "malformed revision key %q", string(k))
	}
	obsKey := k[:len(k)-9]
	d := decoder{b: v}
	if f := d.byte(); f != revisionFormat {
		return r, model.Errorf("修订记录 %q：未知格式 %d", "revision %q: unknown format %d", string(k), f)
	}
	r.ReplacedAt = time.Unix(int64(d.uvarint()), 0)
	r.ReplacedBy = d.str()
	if d.err != nil {
		return r, model.Errorf("修订记录 %q：%w", "revision %q: %w", string(k), d.err)
	}
	old, err := decodeObs(obsKey, d.b)
	if err != nil {
		return r, model.Errorf("修订记录 %q：%w", "revision %q: %w", string(k), err)
	}
	r.Old = old
	return r, nil
}

// revisions returns the revisions under prefix (a series' key), oldest
// value of each figure first.
func (s *Snapshot) revisions(prefix []byte) ([]model.Revision, error) {
	var out []model.Revision
	c := s.tx.Bucket(bucketRevisions).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		r, err := decodeRevision(k, v)
		if err != nil {
			return nil, s.damaged(err)
		}
		out = append(out, r)
	}
	return out, nil
}

// History calls fn for every figure f selects that an import revised: first
// its current value (a Revision with a zero ReplacedAt), then every value it
// replaced, oldest first; figures are grouped as Records groups them.
func (s *Snapshot) History(c *Catalog, f Filter, fn func(r *ExportRecord, rev model.Revision) error) error {
	sources, regions := selection(c, f)
	for _, reg := range regions {
		sums, err := s.RegionSummaries(reg.ID, f.Category)
		if err != nil {
			return err
		}
		for _, sum := range sums {
			revs, err := s.revisions(seriesPrefix(sum.Key))
			if err != nil {
				return err
			}
			if len(revs) == 0 {
				continue
			}
			current, err := s.Observations(sum.Key)
			if err != nil {
				return err
			}
			ind := c.Indicators[sum.Key.Indicator]
			emit := func(rev model.Revision) error {
				rec := ExportRecord{Obs: rev.Old, Region: reg, Indicator: ind, Source: sources[rev.Old.Source]}
				return fn(&rec, rev)
			}
			for _, o := range current {
				first := true
				for _, rev := range revs {
					if rev.Old.Period != o.Period || rev.Old.Source != o.Source {
						continue
					}
					if first {
						if err := emit(model.Revision{Old: o}); err != nil {
							return err
						}
						first = false
					}
					if err := emit(rev); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// checkRevisions verifies the revision history: every revision decodes and
// belongs to a figure that is stored.
func checkRevisions(tx *bolt.Tx, problem problemFunc) int {
	n := 0
	ob := tx.Bucket(bucketObs)
	c := tx.Bucket(bucketRevisions).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		n++
		r, err := decodeRevision(k, v)
		if err != nil {
			problem("%v", "%v", err)
			continue
		}
		if ob.Get(k[:len(k)-9]) == nil {
			problem("%s %s %s %s 的修订记录没有对应的现行数据", "revision of %s %s %s %s has no current figure", r.Old.Indicator, r.Old.Region, r.Old.Period, r.Old.Source)
		}
	}
	return n
}

// HistoryFields are the columns export --history adds to a replaced
// figure's row.
var HistoryFields = []string{"status", "replaced_at", "replaced_by"}

// ExportHistory writes the revision history of the figures f selects as CSV:
// for each revised figure its current value, then each value it replaced,
// as rows in the export format followed by status (current or replaced),
// when and by which file. It returns how many rows it wrote.
func (s *Snapshot) ExportHistory(w io.Writer, f Filter, raw bool) (int, error) {
	c, err := s.Catalog()
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := NewCSVWriter(bw, raw)
	if err := cw.Write(append(FieldNames(), HistoryFields...)); err != nil {
		return 0, err
	}
	n := 0
	err = s.History(c, f, func(r *ExportRecord, rev model.Revision) error {
		n++
		if rev.ReplacedAt.IsZero() {
			return cw.Write(append(r.Cells(), "current", "", ""))
		}
		return cw.Write(append(r.Cells(), "replaced", rev.ReplacedAt.UTC().Format(time.RFC3339), rev.ReplacedBy))
	})
	if err != nil {
		return n, err
	}
	if err := cw.Flush(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}
