package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
)

// upgradeFrom1 turns a schema-1 database into schema 2, inside the one
// transaction of the upgrade (so an interrupted upgrade leaves schema 1):
// period keys grow from five bytes to eight (totals across years, totals
// since a date, stocks as of a date), a figure's one note becomes a Chinese
// and an English note, and the revision history begins. Every figure is read
// in schema 1's layout and written again through the same path as an import,
// which rebuilds every index.
func upgradeFrom1(tx *bolt.Tx) error {
	var obs []model.Observation
	err := tx.Bucket(bucketObs).ForEach(func(k, v []byte) error {
		o, err := decodeObsV1(k, v)
		if err != nil {
			return err
		}
		obs = append(obs, o)
		return nil
	})
	if err != nil {
		return err
	}
	for _, name := range [][]byte{bucketObs, bucketSeries, bucketRegionSeries, bucketSourceSeries, bucketSourceCounts, bucketRegionCounts} {
		if err := tx.DeleteBucket(name); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return err
		}
	}
	if _, err := tx.CreateBucketIfNotExists(bucketRevisions); err != nil {
		return err
	}
	_, err = applyBatch(tx, &Batch{Observations: obs}, true)
	return err
}

// decodeObsV1 reads an observation in schema 1's layout: a five-byte period
// in the key, one note in the value.
func decodeObsV1(k, v []byte) (model.Observation, error) {
	var o model.Observation
	rest := k
	var parts [3][]byte
	for i := range parts {
		j := bytes.IndexByte(rest, sep)
		if j < 0 {
			return o, model.Errorf("第 1 版结构的数据记录键 %q 格式有误", "malformed schema-1 observation key %q", string(k))
		}
		parts[i], rest = rest[:j], rest[j+1:]
	}
	if len(rest) < 5 {
		return o, model.Errorf("第 1 版结构的数据记录键 %q 格式有误", "malformed schema-1 observation key %q", string(k))
	}
	p, err := model.PeriodFromKeyV1(rest[:5])
	if err != nil {
		return o, err
	}
	o.Indicator, o.Region, o.Subject, o.Period, o.Source = string(parts[0]), string(parts[1]), string(parts[2]), p, string(rest[5:])
	d := decoder{b: v}
	decodeObsValue(&d, &o)
	if d.err != nil {
		return o, model.Errorf("第 1 版结构的数据记录 %q：%w", "schema-1 observation %q: %w", string(k), d.err)
	}
	return o, nil
}
