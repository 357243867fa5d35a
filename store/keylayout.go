package store

import (
	"bytes"

	"github.com/gansudash/gansudash/model"
)

// Key layout. IDs never contain 0x00 (model.ValidateID) and neither may a
// subject (validateText), so 0x00 separates the parts and every prefix below
// selects exactly what it names.
//
//	obs            indicator 0 region 0 subject 0 period(8) source    -> observation
//	revisions      indicator 0 region 0 subject 0 period(8) source 0 seq(8) -> a replaced value
//	series         indicator 0 region 0 subject 0                     -> summary
//	region_series  region 0 category(1) indicator 0 subject 0         -> summary
//	source_series  source 0 indicator 0 region 0 subject 0            -> empty
//	source_counts  source                                             -> uint64 (figures)
//	region_counts  region 0 category(1)                               -> uint64 (series, growth rates of a level excluded)
//	regions, indicators, sources: ID -> JSON
//
// One series is one ordered range scan of obs (prefix: its series key), in
// chronological order because period keys sort chronologically. The figures
// of one region and category are one range scan of region_series, which holds
// each series' summary, so an overview never reads observations. Comparing
// an indicator across regions is one range scan of series (prefix: indicator 0).

const sep = 0x00

// seriesPrefix is the obs/series key prefix of one series.
func seriesPrefix(k model.SeriesKey) []byte {
	b := make([]byte, 0, len(k.Indicator)+len(k.Region)+len(k.Subject)+3)
	return appendSeriesPrefix(b, k)
}

func appendSeriesPrefix(b []byte, k model.SeriesKey) []byte {
	b = append(b, k.Indicator...)
	b = append(b, sep)
	b = append(b, k.Region...)
	b = append(b, sep)
	b = append(b, k.Subject...)
	return append(b, sep)
}

// storageKey is the obs key of one observation.
func storageKey(o *model.Observation) []byte {
	return appendObsKey(nil, o)
}

func appendObsKey(b []byte, o *model.Observation) []byte {
	b = appendSeriesPrefix(b, model.SeriesKey{Indicator: o.Indicator, Region: o.Region, Subject: o.Subject})
	pk := o.Period.Key()
	b = append(b, pk[:]...)
	return append(b, o.Source...)
}

// parseObsKeyAfter splits an obs key into the observation's identity,
// reusing prev's strings (when given) for equal parts.
func parseObsKeyAfter(k []byte, o *model.Observation, prev *model.Observation) error {
	var parts [4][]byte
	rest := k
	for i := 0; i < 3; i++ {
		j := bytes.IndexByte(rest, sep)
		if j < 0 {
			return model.Errorf("数据记录键 %q 格式有误", "malformed observation key %q", string(k))
		}
		parts[i], rest = rest[:j], rest[j+1:]
	}
	parts[3] = rest
	if len(parts[3]) < model.KeyLen {
		return model.Errorf("数据记录键 %q 格式有误", "malformed observation key %q", string(k))
	}
	p, err := model.PeriodFromKey(parts[3][:model.KeyLen])
	if err != nil {
		return err
	}
	src := parts[3][model.KeyLen:]
	if prev != nil {
		o.Indicator, o.Region = reuse(parts[0], prev.Indicator), reuse(parts[1], prev.Region)
		o.Subject, o.Source = reuse(parts[2], prev.Subject), reuse(src, prev.Source)
	} else {
		o.Indicator, o.Region, o.Subject, o.Source = string(parts[0]), string(parts[1]), string(parts[2]), string(src)
	}
	o.Period = p
	return nil
}

// reuse returns s when b holds the same bytes, else a new string.
func reuse(b []byte, s string) string {
	if string(b) == s { // compiled without allocating
		return s
	}
	return string(b)
}

// parseSeriesKey reads an obs-series key (indicator 0 region 0 subject 0).
func parseSeriesKey(k []byte) (model.SeriesKey, error) {
	parts := bytes.Split(k, []byte{sep})
	if len(parts) != 4 || len(parts[3]) != 0 {
		return model.SeriesKey{}, model.Errorf("序列键 %q 格式有误", "malformed series key %q", string(k))
	}
	return model.SeriesKey{Indicator: string(parts[0]), Region: string(parts[1]), Subject: string(parts[2])}, nil
}

// regionSeriesKey is the region_series key of a series of category c.
func regionSeriesKey(k model.SeriesKey, c model.Category) []byte {
	b := make([]byte, 0, len(k.Region)+len(k.Indicator)+len(k.Subject)+4)
	b = append(b, k.Region...)
	b = append(b, sep, byte(c))
	b = append(b, k.Indicator...)
	b = append(b, sep)
	b = append(b, k.Subject...)
	return append(b, sep)
}

// regionCategoryPrefix selects the region_series entries of one region and
// category (c == 0: every category).
func regionCategoryPrefix(region string, c model.Category) []byte {
	b := append([]byte(region), sep)
	if c != 0 {
		b = append(b, byte(c))
	}
	return b
}

// sourceSeriesKey is the source_series key of a series a source has figures in.
func sourceSeriesKey(source string, k model.SeriesKey) []byte {
	b := append([]byte(source), sep)
	return appendSeriesPrefix(b, k)
}
