package store

import (
	"bytes"
	"strings"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
)

// catalogTx resolves regions, indicators and sources from the batch first,
// then from the database.
type catalogTx struct {
	tx         *bolt.Tx
	regions    map[string]model.Region
	indicators map[string]model.Indicator
	sources    map[string]bool
}

func newCatalogTx(tx *bolt.Tx) *catalogTx {
	return &catalogTx{tx: tx, regions: map[string]model.Region{}, indicators: map[string]model.Indicator{}, sources: map[string]bool{}}
}

func (c *catalogTx) indicator(id string) (model.Indicator, error) {
	if ind, ok := c.indicators[id]; ok {
		return ind, nil
	}
	v := c.tx.Bucket(bucketIndicators).Get([]byte(id))
	if v == nil {
		return model.Indicator{}, model.Errorf("未知指标“%s”", "unknown indicator %q", id)
	}
	ind, err := decodeIndicator(id, v)
	if err == nil {
		c.indicators[id] = ind
	}
	return ind, err
}

func (c *catalogTx) hasRegion(id string) bool {
	if _, ok := c.regions[id]; ok {
		return true
	}
	return c.tx.Bucket(bucketRegions).Get([]byte(id)) != nil
}

func (c *catalogTx) hasSource(id string) bool {
	if c.sources[id] {
		return true
	}
	return c.tx.Bucket(bucketSources).Get([]byte(id)) != nil
}

// putDefinitions checks the batch's regions, indicators and sources and adds
// the new ones. An existing definition must not change: figures already
// stored depend on an indicator's unit, kind, category and scope.
func putDefinitions(tx *bolt.Tx, b *Batch, cat *catalogTx, st *Stats, write bool) error {
	rb := tx.Bucket(bucketRegions)
	for _, r := range b.Regions {
		if err := r.Validate(); err != nil {
			return err
		}
		if err := validateTexts(r.NameZH, r.NameEN); err != nil {
			return model.Errorf("地区 %s：%w", "region %s: %w", r.ID, err)
		}
		if old := rb.Get([]byte(r.ID)); old != nil {
			if prev, _, err := decodeRegion(r.ID, old); err != nil || prev != r {
				return model.Errorf("地区 %s 已有不同的定义（%s，%s，上级“%s”）；请沿用已有定义", "region %s is already defined differently (%s, %s, parent %q); use its existing definition", r.ID, prev.NameZH, prev.Level, prev.Parent)
			}
		} else if prev, dup := cat.regions[r.ID]; dup && prev != r {
			return model.Errorf("地区 %s 有两个不同的定义", "region %s is defined twice, differently", r.ID)
		} else if !dup {
			st.NewRegions++
			if write {
				seq, err := rb.NextSequence()
				if err != nil {
					return err
				}
				enc, _ := encodeRegion(r, seq)
				if err := rb.Put([]byte(r.ID), enc); err != nil {
					return err
				}
			}
		}
		cat.regions[r.ID] = r
	}
	for _, r := range b.Regions {
		if r.Parent != "" && !cat.hasRegion(r.Parent) {
			return model.Errorf("地区 %s：上级“%s”不是已知地区", "region %s: parent %q is not a known region", r.ID, r.Parent)
		}
		seen := map[string]bool{r.ID: true}
		for p := r.Parent; p != ""; {
			if seen[p] {
				return model.Errorf("地区 %s：其上级构成循环", "region %s: its parents form a cycle", r.ID)
			}
			seen[p] = true
			parent, ok := cat.regions[p]
			if !ok {
				v := rb.Get([]byte(p))
				if v == nil {
					break
				}
				parent, _, _ = decodeRegion(p, v)
			}
			p = parent.Parent
		}
	}

	ib := tx.Bucket(bucketIndicators)
	for _, ind := range b.Indicators {
		if err := ind.Validate(); err != nil {
			return err
		}
		if err := validateTexts(ind.NameZH, ind.NameEN, ind.Unit); err != nil {
			return model.Errorf("指标 %s：%w", "indicator %s: %w", ind.ID, err)
		}
		enc, _ := encodeIndicator(ind)
		if old := ib.Get([]byte(ind.ID)); old != nil {
			if !bytes.Equal(old, enc) {
				prev, _ := decodeIndicator(ind.ID, old)
				return model.Errorf("指标 %s 已有不同的定义（%s，%s，%s，单位 %s）；请沿用已有定义", "indicator %s is already defined differently (%s, %s, %s, unit %s); use its existing definition", ind.ID, prev.NameZH, prev.Category, prev.Kind, prev.Unit)
			}
		} else if prev, dup := cat.indicators[ind.ID]; dup && prev != ind {
			return model.Errorf("指标 %s 有两个不同的定义", "indicator %s is defined twice, differently", ind.ID)
		} else if !dup {
			st.NewIndicators++
			if write {
				if err := ib.Put([]byte(ind.ID), enc); err != nil {
					return err
				}
			}
		}
		cat.indicators[ind.ID] = ind
	}
	for _, ind := range b.Indicators {
		if ind.GrowthOf == "" {
			continue
		}
		base, err := cat.indicator(ind.GrowthOf)
		if err != nil {
			return model.Errorf("指标 %s：growth_of 填的是%w", "indicator %s: growth_of names %w", ind.ID, err)
		}
		if base.Kind.IsPercent() {
			return model.Errorf("指标 %s：growth_of %s 本身是百分比", "indicator %s: growth_of %s is itself a percentage", ind.ID, base.ID)
		}
	}

	sb := tx.Bucket(bucketSources)
	for _, s := range b.Sources {
		if err := s.Validate(); err != nil {
			return err
		}
		if err := validateTexts(s.Title, s.Publisher, s.Authors, s.NoteZH, s.NoteEN, s.URL); err != nil {
			return model.Errorf("来源 %s：%w", "source %s: %w", s.ID, err)
		}
		enc, _ := encodeSource(s)
		if old := sb.Get([]byte(s.ID)); old != nil {
			if !bytes.Equal(old, enc) {
				prev, _ := decodeSource(s.ID, old)
				return model.Errorf("来源 %s 已有不同的定义（“%s”）；请改用另一个来源 ID", "source %s is already defined differently (%q); use another source ID", s.ID, prev.Title)
			}
		} else if !cat.sources[s.ID] {
			st.NewSources++
			if write {
				if err := sb.Put([]byte(s.ID), enc); err != nil {
					return err
				}
			}
		}
		cat.sources[s.ID] = true
	}
	return nil
}

// prepareObservations validates every observation against its indicator and
// the catalog, fills unit and kind from the indicator when empty, and returns
// them sorted by storage key (bbolt writes sorted keys several times faster)
// with exact duplicates removed.
func prepareObservations(in []model.Observation, inMeta []RowMeta, cat *catalogTx, st *Stats) ([]model.Observation, []RowMeta, error) {
	for i := range in {
		o := &in[i]
		ind, err := cat.indicator(o.Indicator)
		if err != nil {
			return nil, nil, model.Errorf("第 %d 个数据：%w", "figure %d: %w", i+1, err)
		}
		if err := checkObservation(o, ind, cat.hasRegion(o.Region), cat.hasSource(o.Source)); err != nil {
			return nil, nil, model.Errorf("第 %d 个数据（%s，%s，%s）：%w", "figure %d (%s, %s, %s): %w", i+1, o.Indicator, o.Region, o.Period, err)
		}
	}
	order := storageOrder(in)
	permute(in, inMeta, order)
	out := in[:0]
	outMeta := make([]RowMeta, 0, len(in))
	for i := range in {
		o := in[i]
		ind, _ := cat.indicator(o.Indicator)
		if o.Unit == "" {
			o.Unit = ind.Unit
		}
		if o.Kind == 0 {
			o.Kind = ind.Kind
		}
		if len(out) > 0 && sameIdentity(&out[len(out)-1], &o) {
			if out[len(out)-1] != o {
				return nil, nil, model.Errorf("来源 %[5]s 中 %[1]s 在 %[2]s、%[3]s、%[4]s 的两个数据不同（%[6]s 和 %[7]s）：请保留一个",
					"two figures for %s in %s, %s, %s from source %s differ (%s and %s): keep one", o.Indicator, o.Region, subjectLabel(o.Subject), o.Period, o.Source,
					model.FormatNumber(out[len(out)-1].Value), model.FormatNumber(o.Value))
			}
			st.Duplicates++
			continue
		}
		out = append(out, o)
		var m RowMeta
		if i < len(inMeta) {
			m = inMeta[i]
		}
		outMeta = append(outMeta, m)
	}
	return out, outMeta, nil
}

// checkObservation checks one figure as the store will hold it (unit and
// kind default to its indicator's) against its indicator and the catalog.
func checkObservation(o *model.Observation, ind model.Indicator, hasRegion, hasSource bool) error {
	v := *o
	if v.Unit == "" {
		v.Unit = ind.Unit
	}
	if v.Kind == 0 {
		v.Kind = ind.Kind
	}
	if err := v.Validate(ind); err != nil {
		return err
	}
	if !hasRegion {
		return model.Errorf("未知地区“%s”", "unknown region %q", o.Region)
	}
	if !hasSource {
		return model.Errorf("未知来源“%s”", "unknown source %q", o.Source)
	}
	if len(o.Subject) > MaxSubject {
		return model.Errorf("subject 超过 %d 字节", "subject is longer than %d bytes", MaxSubject)
	}
	if strings.TrimSpace(o.Subject) != o.Subject {
		return model.Errorf("subject“%s”首尾有空格", "subject %q has leading or trailing spaces", o.Subject)
	}
	return validateTexts(o.Subject, o.Published, o.Derivation, o.Fragment, o.NoteZH, o.NoteEN, string(o.Qualifier), o.Unit)
}

func subjectLabel(s string) model.Text {
	if s == "" {
		return model.Text{ZH: "地区合计", EN: "region total"}
	}
	return model.Text{ZH: s, EN: s}
}

func sameIdentity(a, b *model.Observation) bool {
	return a.Indicator == b.Indicator && a.Region == b.Region && a.Subject == b.Subject && a.Period == b.Period && a.Source == b.Source
}

// validateTexts rejects text that cannot be stored faithfully: invalid UTF-8
// and NUL bytes (NUL separates key parts).
func validateTexts(texts ...string) error {
	for _, s := range texts {
		if !utf8.ValidString(s) {
			return model.Errorf("文本 %q 不是有效的 UTF-8", "text %q is not valid UTF-8", s)
		}
		if strings.IndexByte(s, 0) >= 0 {
			return model.Errorf("文本 %q 含有 NUL 字节", "text %q contains a NUL byte", s)
		}
	}
	return nil
}
