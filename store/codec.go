package store

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"unsafe"

	"github.com/gansudash/gansudash/model"
)

// Observations and summaries are stored in a compact binary form: a format
// byte, then fixed fields, then length-prefixed strings. A million of them
// must encode and decode in well under a second; JSON would not.
const (
	obsFormat     = 2 // 1: a single note (schema 1)
	summaryFormat = 2 // 1: schema 1's five-byte periods
)

var errShort = model.Errorf("记录被截断", "truncated record")

type encoder struct{ b []byte }

func (e *encoder) byte(c byte)      { e.b = append(e.b, c) }
func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) float(v float64)  { e.b = binary.BigEndian.AppendUint64(e.b, math.Float64bits(v)) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) period(p model.Period) {
	k := p.Key()
	e.b = append(e.b, k[:]...)
}

// decoder reads a record. When s holds the record as a string, str()
// returns substrings of it: one allocation per record instead of one per
// field.
type decoder struct {
	b   []byte
	s   string // the same bytes as b, or ""
	err error
}

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *decoder) byte() byte {
	if len(d.b) < 1 {
		d.fail(errShort)
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail(errShort)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) float() float64 {
	if len(d.b) < 8 {
		d.fail(errShort)
		return 0
	}
	v := math.Float64frombits(binary.BigEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail(errShort)
		return ""
	}
	var s string
	if d.s != "" {
		start := len(d.s) - len(d.b)
		s = d.s[start : start+int(n)]
	} else {
		s = string(d.b[:n])
	}
	d.b = d.b[n:]
	return s
}

func (d *decoder) period() model.Period {
	if len(d.b) < model.KeyLen {
		d.fail(errShort)
		return model.Period{}
	}
	p, err := model.PeriodFromKey(d.b[:model.KeyLen])
	if err != nil {
		d.fail(err)
	}
	d.b = d.b[model.KeyLen:]
	return p
}

// encodeObsValue encodes what the obs key does not already hold.
func encodeObsValue(e *encoder, o *model.Observation) {
	e.byte(obsFormat)
	e.float(o.Value)
	e.byte(byte(o.Kind))
	e.str(o.Unit)
	e.str(o.Published)
	e.str(string(o.Qualifier))
	e.str(o.Derivation)
	e.str(o.Fragment)
	e.str(o.NoteZH)
	e.str(o.NoteEN)
	e.byte(byte(o.Status))
}

// decodeObsValue reads a value of format 2, or of schema 1's format 1,
// whose one note is filed under its language.
func decodeObsValue(d *decoder, o *model.Observation) {
	f := d.byte()
	if f != obsFormat && f != 1 && d.err == nil {
		d.fail(model.Errorf("未知的数据记录格式 %d", "unknown observation format %d", f))
		return
	}
	o.Value = d.float()
	o.Kind = model.Kind(d.byte())
	o.Unit = d.str()
	o.Published = d.str()
	o.Qualifier = model.Qualifier(d.str())
	o.Derivation = d.str()
	o.Fragment = d.str()
	if f == 1 {
		o.NoteZH, o.NoteEN = model.SplitNote(d.str())
		return
	}
	o.NoteZH = d.str()
	o.NoteEN = d.str()
	o.Status = model.Status(d.byte())
}

// decodeObs rebuilds an observation from its key and value.
func decodeObs(k, v []byte) (model.Observation, error) {
	return decodeObsAfter(k, v, nil)
}

// decodeObsAfter is decodeObs for records read in a row: key parts equal to
// the previous observation's reuse its strings, and the value's text fields
// share one allocation.
func decodeObsAfter(k, v []byte, prev *model.Observation) (model.Observation, error) {
	var o model.Observation
	if err := parseObsKeyAfter(k, &o, prev); err != nil {
		return o, err
	}
	d := decoder{b: v, s: string(v)}
	decodeObsValue(&d, &o)
	if d.err != nil {
		return o, model.Errorf("数据记录 %q：%w", "observation %q: %w", string(k), d.err)
	}
	return o, nil
}

// decodeObsMapped is decodeObsAfter for a reader that keeps none of the
// value's text past its read transaction: those strings point into the
// file's mapping (valid while any read transaction is open, since bbolt
// remaps only under a writer that waits for every reader), so a figure's
// text costs no allocation. check reads every figure this way and prints
// its problems at once (frozen).
func decodeObsMapped(k, v []byte, prev *model.Observation) (model.Observation, error) {
	var o model.Observation
	if err := parseObsKeyAfter(k, &o, prev); err != nil {
		return o, err
	}
	return o, decodeValueMapped(k, v, &o)
}

// decodeObsOfSeries is decodeObsMapped for a figure of a known series,
// whose obs keys start with prefix: the series' strings are key's, and
// only the period and the source are read from k.
func decodeObsOfSeries(k, v []byte, key model.SeriesKey, prefix []byte, prev *model.Observation) (model.Observation, error) {
	o := model.Observation{Indicator: key.Indicator, Region: key.Region, Subject: key.Subject}
	rest := k[len(prefix):]
	if len(rest) < model.KeyLen {
		return o, model.Errorf("数据记录键 %q 格式有误", "malformed observation key %q", string(k))
	}
	p, err := model.PeriodFromKey(rest[:model.KeyLen])
	if err != nil {
		return o, err
	}
	o.Period, o.Source = p, reuse(rest[model.KeyLen:], prev.Source)
	return o, decodeValueMapped(k, v, &o)
}

// decodeValueMapped reads an obs value into o, its strings pointing into v.
func decodeValueMapped(k, v []byte, o *model.Observation) error {
	d := decoder{b: v}
	if len(v) > 0 {
		d.s = unsafe.String(&v[0], len(v))
	}
	decodeObsValue(&d, o)
	if d.err != nil {
		return model.Errorf("数据记录 %q：%w", "observation %q: %w", string(k), d.err)
	}
	return nil
}

func encodeSummary(s *model.Summary) []byte {
	e := encoder{b: make([]byte, 0, 128+len(s.Points)*16)}
	encodeSummaryTo(&e, s)
	return e.b
}

// setSummaryCategory sets the category of an encoded summary, in place,
// and returns it: a summary depends on its series' figures alone but for
// the category it records, its second byte.
func setSummaryCategory(enc []byte, c model.Category) []byte {
	enc[1] = byte(c)
	return enc
}

// encodeSummaryTo appends a summary's encoding to e.
func encodeSummaryTo(e *encoder, s *model.Summary) {
	e.byte(summaryFormat)
	e.byte(byte(s.Category))
	e.uvarint(uint64(s.NObs))
	e.uvarint(uint64(s.NSources))
	if s.Conflict {
		e.byte(1)
	} else {
		e.byte(0)
	}
	e.period(s.Latest.Period)
	e.str(s.Latest.Source)
	encodeObsValue(e, &s.Latest)
	e.uvarint(uint64(len(s.Points)))
	for _, p := range s.Points {
		e.period(p.Period)
		e.float(p.Value)
		if p.Derived {
			e.byte(1)
		} else {
			e.byte(0)
		}
		e.str(string(p.Qualifier))
		e.str(p.Source)
	}
}

func decodeSummary(key model.SeriesKey, v []byte) (model.Summary, error) {
	d := decoder{b: v}
	s := model.Summary{Key: key}
	if f := d.byte(); f != summaryFormat {
		return s, model.Errorf("未知的摘要格式 %d", "unknown summary format %d", f)
	}
	s.Category = model.Category(d.byte())
	s.NObs = int(d.uvarint())
	s.NSources = int(d.uvarint())
	s.Conflict = d.byte() == 1
	s.Latest.Indicator, s.Latest.Region, s.Latest.Subject = key.Indicator, key.Region, key.Subject
	s.Latest.Period = d.period()
	s.Latest.Source = d.str()
	decodeObsValue(&d, &s.Latest)
	n := d.uvarint()
	if n > model.MaxSummaryPoints {
		d.fail(model.Errorf("摘要声称有 %d 个点", "summary claims %d points", n))
	}
	if d.err == nil && n > 0 {
		s.Points = make([]model.Point, n)
		for i := range s.Points {
			p := &s.Points[i]
			p.Period = d.period()
			p.Value = d.float()
			p.Derived = d.byte() == 1
			p.Qualifier = model.Qualifier(d.str())
			p.Source = d.str()
		}
	}
	if d.err != nil {
		return s, model.Errorf("%v 的摘要：%w", "summary of %v: %w", key, d.err)
	}
	return s, nil
}

// Regions, indicators and sources are few; they are stored as JSON so that
// a damaged file can still be read by other tools.

type regionJSON struct {
	Seq    uint64 `json:"seq"` // creation order: the tree lists siblings in it
	NameZH string `json:"name_zh,omitempty"`
	NameEN string `json:"name_en,omitempty"`
	Level  string `json:"level"`
	Parent string `json:"parent,omitempty"`
}

func encodeRegion(r model.Region, seq uint64) ([]byte, error) {
	return json.Marshal(regionJSON{seq, r.NameZH, r.NameEN, r.Level.String(), r.Parent})
}

func decodeRegion(id string, v []byte) (model.Region, uint64, error) {
	var j regionJSON
	if err := json.Unmarshal(v, &j); err != nil {
		return model.Region{}, 0, model.Errorf("地区 %s：%w", "region %s: %w", id, err)
	}
	l, err := model.ParseLevel(j.Level)
	if err != nil {
		return model.Region{}, 0, model.Errorf("地区 %s：%w", "region %s: %w", id, err)
	}
	return model.Region{ID: id, NameZH: j.NameZH, NameEN: j.NameEN, Level: l, Parent: j.Parent}, j.Seq, nil
}

type indicatorJSON struct {
	NameZH   string `json:"name_zh,omitempty"`
	NameEN   string `json:"name_en,omitempty"`
	Category string `json:"category"`
	Kind     string `json:"kind"`
	Unit     string `json:"unit"`
	Scope    string `json:"scope,omitempty"`
	GrowthOf string `json:"growth_of,omitempty"`
}

func encodeIndicator(i model.Indicator) ([]byte, error) {
	return json.Marshal(indicatorJSON{i.NameZH, i.NameEN, i.Category.String(), i.Kind.String(), i.Unit, i.Scope.String(), i.GrowthOf})
}

func decodeIndicator(id string, v []byte) (model.Indicator, error) {
	var j indicatorJSON
	if err := json.Unmarshal(v, &j); err != nil {
		return model.Indicator{}, model.Errorf("指标 %s：%w", "indicator %s: %w", id, err)
	}
	i := model.Indicator{ID: id, NameZH: j.NameZH, NameEN: j.NameEN, Unit: j.Unit, GrowthOf: j.GrowthOf}
	var err error
	if i.Category, err = model.ParseCategory(j.Category); err != nil {
		return i, model.Errorf("指标 %s：%w", "indicator %s: %w", id, err)
	}
	if i.Kind, err = model.ParseKind(j.Kind); err != nil {
		return i, model.Errorf("指标 %s：%w", "indicator %s: %w", id, err)
	}
	if i.Scope, err = model.ParseScope(j.Scope); err != nil {
		return i, model.Errorf("指标 %s：%w", "indicator %s: %w", id, err)
	}
	return i, nil
}

type sourceJSON struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Date      string `json:"date,omitempty"`
	Authors   string `json:"authors,omitempty"`
	Note      string `json:"note,omitempty"` // schema 1: one note, filed under its language when read
	NoteZH    string `json:"note_zh,omitempty"`
	NoteEN    string `json:"note_en,omitempty"`
	URL       string `json:"url,omitempty"`
}

func encodeSource(s model.Source) ([]byte, error) {
	return json.Marshal(sourceJSON{Title: s.Title, Publisher: s.Publisher, Date: s.Date, Authors: s.Authors, NoteZH: s.NoteZH, NoteEN: s.NoteEN, URL: s.URL})
}

func decodeSource(id string, v []byte) (model.Source, error) {
	var j sourceJSON
	if err := json.Unmarshal(v, &j); err != nil {
		return model.Source{}, model.Errorf("来源 %s：%w", "source %s: %w", id, err)
	}
	src := model.Source{ID: id, Title: j.Title, Publisher: j.Publisher, Date: j.Date, Authors: j.Authors, NoteZH: j.NoteZH, NoteEN: j.NoteEN, URL: j.URL}
	if j.Note != "" && j.NoteZH == "" && j.NoteEN == "" {
		src.NoteZH, src.NoteEN = model.SplitNote(j.Note)
	}
	return src, nil
}
