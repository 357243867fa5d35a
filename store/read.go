package store

import (
	"bytes"
	"sort"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
)

// Snapshot is a consistent read-only view of the database: one bbolt read
// transaction. It is valid only inside the function given to View.
type Snapshot struct {
	tx       *bolt.Tx
	path     string
	progress ProgressFunc // the DB's: how far Export got
}

// View runs fn on a consistent snapshot of the database.
func (db *DB) View(fn func(s *Snapshot) error) error {
	return db.view(func(tx *bolt.Tx) error { return fn(&Snapshot{tx: tx, path: db.path, progress: db.Progress}) })
}

// Generation returns the write counter of the snapshot.
func (s *Snapshot) Generation() uint64 { return getUint(s.tx.Bucket(bucketMeta), keyGeneration) }

// SourceInfo is a source with the number of figures that cite it.
type SourceInfo struct {
	model.Source
	Figures int
}

// Catalog is everything small about the database: its regions, indicators
// and sources. Screens look names up in it instead of reading them per row.
type Catalog struct {
	Generation uint64
	Regions    []model.Region // in tree order: parents before children
	Tree       *model.RegionTree
	Indicators map[string]model.Indicator
	// GrowthOf maps a level indicator to the indicators that publish its growth.
	GrowthOf map[string][]string
	Sources  []SourceInfo // newest first, undated last, then by ID
	// SeriesCount counts series per region and category.
	SeriesCount map[string]map[model.Category]int
	Figures     int // observations in the database
}

// Catalog reads the catalog. Its cost grows with the number of regions,
// indicators and sources, never with the number of observations.
func (s *Snapshot) Catalog() (*Catalog, error) {
	c := &Catalog{Generation: s.Generation(), Indicators: map[string]model.Indicator{},
		GrowthOf: map[string][]string{}, SeriesCount: map[string]map[model.Category]int{}}
	var regions []model.Region
	seqs := map[string]uint64{}
	err := s.tx.Bucket(bucketRegions).ForEach(func(k, v []byte) error {
		r, seq, err := decodeRegion(string(k), v)
		regions = append(regions, r)
		seqs[r.ID] = seq
		return err
	})
	if err != nil {
		return nil, s.damaged(err)
	}
	sort.SliceStable(regions, func(i, j int) bool { return seqs[regions[i].ID] < seqs[regions[j].ID] })
	c.Tree = model.NewRegionTree(regions)
	c.Tree.Walk(func(r model.Region, _ int) { c.Regions = append(c.Regions, r) })

	err = s.tx.Bucket(bucketIndicators).ForEach(func(k, v []byte) error {
		ind, err := decodeIndicator(string(k), v)
		c.Indicators[ind.ID] = ind
		if ind.GrowthOf != "" {
			c.GrowthOf[ind.GrowthOf] = append(c.GrowthOf[ind.GrowthOf], ind.ID)
		}
		return err
	})
	if err != nil {
		return nil, s.damaged(err)
	}
	counts := s.tx.Bucket(bucketSourceCounts)
	err = s.tx.Bucket(bucketSources).ForEach(func(k, v []byte) error {
		src, err := decodeSource(string(k), v)
		n := int(getUint(counts, k))
		c.Sources = append(c.Sources, SourceInfo{Source: src, Figures: n})
		c.Figures += n
		return err
	})
	if err != nil {
		return nil, s.damaged(err)
	}
	sort.SliceStable(c.Sources, func(i, j int) bool {
		a, b := c.Sources[i], c.Sources[j]
		if (a.Date == "") != (b.Date == "") {
			return a.Date != ""
		}
		if a.Date != b.Date {
			return a.Date > b.Date
		}
		return a.ID < b.ID
	})
	err = s.tx.Bucket(bucketRegionCounts).ForEach(func(k, v []byte) error {
		i := bytes.IndexByte(k, sep)
		if i < 0 || i+2 != len(k) || len(v) != 8 {
			return model.Errorf("地区计数 %q 格式有误", "malformed region count %q", string(k))
		}
		region := string(k[:i])
		if c.SeriesCount[region] == nil {
			c.SeriesCount[region] = map[model.Category]int{}
		}
		c.SeriesCount[region][model.Category(k[i+1])] = int(getUint(s.tx.Bucket(bucketRegionCounts), k))
		return nil
	})
	if err != nil {
		return nil, s.damaged(err)
	}
	return c, nil
}

// RegionSeries counts the series of a region over every category.
func (c *Catalog) RegionSeries(region string) int {
	n := 0
	for _, v := range c.SeriesCount[region] {
		n += v
	}
	return n
}

// Source returns the source with id.
func (c *Catalog) Source(id string) (SourceInfo, bool) {
	for _, s := range c.Sources {
		if s.ID == id {
			return s, true
		}
	}
	return SourceInfo{}, false
}

// BusiestRegion returns the region with the most series (ties: tree order),
// where the dashboard opens when not told otherwise.
func (c *Catalog) BusiestRegion() string {
	best, most := "", -1
	for _, r := range c.Regions {
		if n := c.RegionSeries(r.ID); n > most {
			best, most = r.ID, n
		}
	}
	return best
}

func (s *Snapshot) damaged(err error) error {
	return &PathError{Path: s.path, Err: ErrDamaged, Also: err, Hint: hint("请运行 gansudash check", "run gansudash check")}
}

// RegionSummaries returns the summaries of every series of a region in one
// category (0: all categories), ordered by indicator then subject. It is one
// range scan of region_series.
func (s *Snapshot) RegionSummaries(region string, c model.Category) ([]model.Summary, error) {
	return s.summaries(bucketRegionSeries, regionCategoryPrefix(region, c), parseRegionSeriesKey)
}

// regionSeriesKeys returns the keys of a region's series in a category (0:
// every category) in RegionSummaries' order, without decoding a summary.
func (s *Snapshot) regionSeriesKeys(region string, c model.Category) ([]model.SeriesKey, error) {
	var out []model.SeriesKey
	prefix := regionCategoryPrefix(region, c)
	cur := s.tx.Bucket(bucketRegionSeries).Cursor()
	for k, _ := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		key, err := parseRegionSeriesKey(k)
		if err != nil {
			return nil, s.damaged(err)
		}
		out = append(out, key)
	}
	return out, nil
}

// summaries decodes the summaries under prefix in one range scan.
func (s *Snapshot) summaries(bucket, prefix []byte, parse func([]byte) (model.SeriesKey, error)) ([]model.Summary, error) {
	var out []model.Summary
	cur := s.tx.Bucket(bucket).Cursor()
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		key, err := parse(k)
		if err != nil {
			return nil, s.damaged(err)
		}
		sum, err := decodeSummary(key, v)
		if err != nil {
			return nil, s.damaged(err)
		}
		out = append(out, sum)
	}
	return out, nil
}

func parseRegionSeriesKey(k []byte) (model.SeriesKey, error) {
	i := bytes.IndexByte(k, sep)
	if i < 0 || i+2 > len(k) {
		return model.SeriesKey{}, model.Errorf("地区序列键 %q 格式有误", "malformed region series key %q", string(k))
	}
	rest := bytes.Split(k[i+2:], []byte{sep})
	if len(rest) != 3 || len(rest[2]) != 0 {
		return model.SeriesKey{}, model.Errorf("地区序列键 %q 格式有误", "malformed region series key %q", string(k))
	}
	return model.SeriesKey{Region: string(k[:i]), Indicator: string(rest[0]), Subject: string(rest[1])}, nil
}

// IndicatorSummaries returns the summaries of every series of one indicator,
// in every region and subject: the compare screen. One range scan of series.
func (s *Snapshot) IndicatorSummaries(indicator string) ([]model.Summary, error) {
	return s.summaries(bucketSeries, append([]byte(indicator), sep), parseSeriesKey)
}

// Summary returns the summary of one series.
func (s *Snapshot) Summary(k model.SeriesKey) (model.Summary, bool, error) {
	v := s.tx.Bucket(bucketSeries).Get(seriesPrefix(k))
	if v == nil {
		return model.Summary{}, false, nil
	}
	sum, err := decodeSummary(k, v)
	if err != nil {
		return sum, false, s.damaged(err)
	}
	return sum, true, nil
}

// Observations returns the observations of one series, oldest first: one
// ordered range scan.
func (s *Snapshot) Observations(k model.SeriesKey) ([]model.Observation, error) {
	prefix := seriesPrefix(k)
	out := make([]model.Observation, 0, 16)
	cur := s.tx.Bucket(bucketObs).Cursor()
	var prev *model.Observation
	for key, v := cur.Seek(prefix); key != nil && bytes.HasPrefix(key, prefix); key, v = cur.Next() {
		o, err := decodeObsAfter(key, v, prev)
		if err != nil {
			return nil, s.damaged(err)
		}
		out = append(out, o)
		prev = &out[len(out)-1]
	}
	return out, nil
}

// Series loads one series with its published growth rates (from the
// indicators the catalog links to it).
func (s *Snapshot) Series(c *Catalog, k model.SeriesKey) (model.Series, error) {
	ind, ok := c.Indicators[k.Indicator]
	if !ok {
		return model.Series{}, model.Errorf("未知指标“%s”", "unknown indicator %q", k.Indicator)
	}
	series := model.Series{Key: k, Indicator: ind}
	var err error
	if series.Observations, err = s.Observations(k); err != nil {
		return series, err
	}
	for _, g := range c.GrowthOf[k.Indicator] {
		obs, err := s.Observations(model.SeriesKey{Indicator: g, Region: k.Region, Subject: k.Subject})
		if err != nil {
			return series, err
		}
		series.Growth = append(series.Growth, obs...)
	}
	model.SortObservations(series.Growth)
	if series.Revisions, err = s.revisions(seriesPrefix(k)); err != nil {
		return series, err
	}
	return series, nil
}

// SourceObservations returns the figures citing one source, at most limit
// of them (0: all), in storage order, and whether there were more.
func (s *Snapshot) SourceObservations(source string, limit int) ([]model.Observation, bool, error) {
	prefix := append([]byte(source), sep)
	var out []model.Observation
	cur := s.tx.Bucket(bucketSourceSeries).Cursor()
	for k, _ := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		key, err := parseSeriesKey(k[len(prefix):])
		if err != nil {
			return nil, false, s.damaged(err)
		}
		obs, err := s.Observations(key)
		if err != nil {
			return nil, false, err
		}
		for _, o := range obs {
			if o.Source != source {
				continue
			}
			if limit > 0 && len(out) == limit {
				return out, true, nil
			}
			out = append(out, o)
		}
	}
	return out, false, nil
}

// ForEachObservation calls fn for every observation in storage order
// (indicator, region, subject, period, source), stopping at fn's first error.
func (s *Snapshot) ForEachObservation(fn func(o *model.Observation) error) error {
	cur := s.tx.Bucket(bucketObs).Cursor()
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		o, err := decodeObs(k, v)
		if err != nil {
			return s.damaged(err)
		}
		if err := fn(&o); err != nil {
			return err
		}
	}
	return nil
}
