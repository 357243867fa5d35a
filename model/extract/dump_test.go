package extract

import (
	"os"
	"testing"
)

// TestDump prints every proposal for one article, to read what the engine
// does: DUMP=testdata/heldout/longnan_2019q1.txt go test -run Dump -v .
func TestDump(t *testing.T) {
	f := os.Getenv("DUMP")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	title, pub, date, _ := ParseHeader(string(b))
	if d, ok := metaDate(t, f[:len(f)-4]+".meta"); ok {
		date = d
	}
	t.Logf("header: %q %q %v", title, pub, date)
	for _, p := range Extract(Article{Text: string(b), Date: date, Title: title}, loadCatalog(t), Options{}) {
		t.Logf("%v %s %q %s(%s)|%s|%s|%s%s|%s|%s|%q %v", p.Value, p.Unit, p.Qualifier, p.IndicatorZH, p.Indicator, p.Kind, p.Period, p.Region, p.RegionNew, p.Category, p.Subject, p.Fragment, p.Review)
	}
}
