package synth

import (
	"bufio"
	"io"
	"slices"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
)

// Options describe synthetic data; the zero value of a field means its default.
type Options struct {
	Seed         int64 // default 1
	Observations int   // target number of observations, default 1_000_000 (the result is within 2% of it)
	Cities       int   // default 14
	Counties     int   // default 86 (spread over the cities)
	Indicators   int   // default 1000
}

// National is the shape of a national comparison at county level: about
// 3,000 regions (Gansu's tree stretched to 333 cities and 2,667 counties,
// the cities past the fourteen real ones and every county with synthetic
// names), the default thousand indicators, and the same mix of periods,
// kinds and sources as the default shape.
func National(observations int) Options {
	return Options{Observations: observations, Cities: 333, Counties: 2667}
}

func (o Options) withDefaults() Options {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Observations <= 0 {
		o.Observations = 1_000_000
	}
	if o.Cities <= 0 {
		o.Cities = 14
	}
	if o.Counties <= 0 {
		o.Counties = 86
	}
	if o.Indicators <= 0 {
		o.Indicators = 1000
	}
	return o
}

// Figures builds deterministic, realistic-looking synthetic figures for
// benchmarks: the province of Gansu, its cities (the real prefecture-level
// names) and synthetic counties; indicators of every category with linked
// growth rates, shares, counts, ranks and per-event and per-project figures;
// yearly, monthly, cumulative and quarterly periods; approximate and derived
// figures. Every source is marked as synthetic. The same options give the
// same batch, byte for byte on one platform (math functions and fused
// multiply-adds may differ in the last bit between architectures). The number
// of observations is Observations exactly whenever the regions and indicators
// leave room for it (at least ~20 per region, at most ~25 years per series).
func Figures(opt Options) *store.Batch {
	g := newSynth(opt)
	b := &store.Batch{Sources: slices.Clone(g.sources)}
	b.Regions = make([]model.Region, len(g.regions))
	for i := range g.regions {
		b.Regions[i] = g.regions[i].Region
	}
	b.Indicators = make([]model.Indicator, len(g.inds))
	for i := range g.inds {
		b.Indicators[i] = g.inds[i].Indicator
	}
	b.Observations = make([]model.Observation, 0, g.total)
	g.each(func(o *model.Observation, _ *synthRegion, _ *synthInd, _ *model.Source) error {
		b.Observations = append(b.Observations, *o)
		return nil
	})
	return b
}

// WriteCSV writes the figures Figures(opt) holds in the import/export
// CSV format: the header store.ColumnNames(), then one row per figure with the
// cells store.ExportRecord.Cells gives (defused like export's). Rows come region by
// region, the province first and every city before its counties, so an
// import with Create defines each region before a region under it names it
// as its parent. It streams: memory does not grow with the number of rows.
// It returns the number of rows written.
func WriteCSV(w io.Writer, opt Options) (int, error) {
	g := newSynth(opt)
	bw := bufio.NewWriterSize(w, 256<<10)
	cw := store.NewCSVWriter(bw, false)
	if err := cw.Write(store.FieldNames()); err != nil {
		return 0, err
	}
	n := 0
	err := g.each(func(o *model.Observation, r *synthRegion, ind *synthInd, src *model.Source) error {
		rec := store.ExportRecord{Obs: *o, Region: r.Region, Indicator: ind.Indicator, Source: *src}
		n++
		return cw.Write(rec.Cells())
	})
	if err != nil {
		return n, err
	}
	if err := cw.Flush(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// BuildDB writes Figures(opt) into a new database at path, for
// benchmarks and comparisons with other tools. It streams (store.ApplyStream):
// memory does not grow with the number of figures.
func BuildDB(path string, opt Options) error {
	db, err := store.Create(path)
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	g := newSynth(opt)
	defs := &store.Batch{Sources: slices.Clone(g.sources)}
	for i := range g.regions {
		defs.Regions = append(defs.Regions, g.regions[i].Region)
	}
	for i := range g.inds {
		defs.Indicators = append(defs.Indicators, g.inds[i].Indicator)
	}
	_, err = store.ApplyStream(path, defs, func(yield func(*model.Observation) error) error {
		return g.each(func(o *model.Observation, _ *synthRegion, _ *synthInd, _ *model.Source) error { return yield(o) })
	}, store.ImportOptions{})
	return err
}
