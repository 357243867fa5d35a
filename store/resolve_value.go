package store

import (
	"fmt"
	"math"
	"strings"

	"github.com/gansudash/gansudash/model"
)

// value fills Value, Qualifier, Published and Derivation from the value,
// unit, published, qualifier, derived and derivation columns.
func (r *Resolver) value(c *rowCtx, ind model.Indicator, o *model.Observation) {
	raw := c.get("value")
	unitCol := c.get("unit")
	qualCol, err := model.ParseQualifier(c.get("qualifier"))
	if err != nil {
		c.fail("qualifier", "%v", err)
	}
	derivedFlag, err := parseBool(c.get("derived"))
	if err != nil {
		c.fail("derived", "%v", err)
	}
	if o.Derivation != "" {
		if c.t.Has("derived") && c.get("derived") != "" && !derivedFlag {
			c.fail("derived", "says false but the derivation column holds %q", o.Derivation)
		}
		v, err := model.EvalFormula(o.Derivation)
		if err != nil {
			c.fail("derivation", "%v", err)
			return
		}
		if raw != "" {
			pv, err := model.ParseValue(raw)
			if err != nil {
				c.fail("value", "%v", err)
				return
			}
			if !closeEnough(pv.Number, v) {
				c.fail("value", "%s does not match its derivation %s = %s", raw, o.Derivation, model.FormatNumber(v))
				return
			}
		}
		if c.get("published") != "" {
			c.fail("published", "a derived figure was not published: leave it empty")
		}
		o.Value, o.Qualifier = v, qualCol
		return
	}
	if derivedFlag {
		c.fail("derivation", "the figure is marked derived: give the arithmetic it was derived by")
		return
	}
	if raw == "" {
		c.fail("value", "empty: every figure needs a value")
		return
	}
	pv, err := model.ParseValue(raw)
	if err != nil {
		c.fail("value", "%v", err)
		return
	}
	from := ind.Unit
	known := ind.ID != "" // an unknown indicator: check the cell, convert nothing
	switch {
	case pv.Unit != "" && unitCol != "" && pv.Unit != unitCol:
		c.fail("value", "%q is in %s but the unit column says %s", raw, pv.Unit, unitCol)
		return
	case pv.Unit != "":
		from = pv.Unit
	case unitCol != "":
		from = unitCol
	}
	if !known {
		if from != "" && !model.KnownUnit(from) {
			c.fail(unitColumnFor(c, pv), "unknown unit %q: write one of %s", truncate(from), model.KnownUnitsHint())
		}
		return
	}
	v, err := model.ConvertUnit(pv.Number, from, ind.Unit)
	if err != nil {
		c.fail(unitColumnFor(c, pv), "%v (indicator %s is in %s: write the value in %s, or in a unit that converts to it)", err, ind.ID, ind.Unit, ind.Unit)
		return
	}
	q := pv.Qualifier
	if qualCol != model.QualNone {
		if q != model.QualNone && q != qualCol {
			c.fail("qualifier", "%s, but the value %q says %s", qualCol, raw, q)
			return
		}
		q = qualCol
	}
	o.Value, o.Qualifier = v, q
	o.Published = strings.Clone(c.get("published"))
	if o.Published == "" {
		o.Published = raw
		if pv.Unit == "" && from != "" && from != "%" {
			o.Published += from
		} else if pv.Unit == "" && from == "%" {
			o.Published += "%"
		}
		return
	}
	// A published text that reads as a number must agree with the value.
	if pub, err := model.ParseValue(o.Published); err == nil {
		pu := pub.Unit
		if pu == "" {
			pu = from
		}
		pvInd, err := model.ConvertUnit(pub.Number, pu, ind.Unit)
		if err == nil && !closeEnough(pvInd, v) {
			c.fail("published", "%q says %s but the value column says %s", o.Published, model.FormatNumber(pvInd), model.FormatNumber(v))
		}
		if err == nil && pub.Qualifier != q {
			c.fail("qualifier", "%q but the published figure %q carries %q", q, o.Published, pub.Qualifier)
		}
	}
}

func unitColumnFor(c *rowCtx, pv model.ParsedValue) string {
	if pv.Unit != "" || c.get("unit") == "" {
		return "value"
	}
	return "unit"
}

func closeEnough(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "no", "0", "否", "n":
		return false, nil
	case "true", "yes", "1", "是", "y":
		return true, nil
	}
	return false, fmt.Errorf("%q is neither true nor false", s)
}
