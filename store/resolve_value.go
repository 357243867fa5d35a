package store

import (
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
		c.fail("qualifier", "%v", "%v", err)
	}
	derivedFlag, err := parseBool(c.get("derived"))
	if err != nil {
		c.fail("derived", "%v", "%v", err)
	}
	if o.Derivation != "" {
		if c.t.Has("derived") && c.get("derived") != "" && !derivedFlag {
			c.fail("derived", "填的是 false，推算式列却有“%s”", "says false but the derivation column holds %q", o.Derivation)
		}
		v, err := model.EvalFormula(o.Derivation)
		if err != nil {
			c.fail("derivation", "%v", "%v", err)
			return
		}
		if raw != "" {
			pv, err := c.parseValue("value", raw)
			if err != nil {
				c.fail("value", "%v", "%v", err)
				return
			}
			if !closeEnough(pv.Number, v) {
				c.fail("value", "%s 与推算式 %s = %s 不符", "%s does not match its derivation %s = %s", raw, o.Derivation, model.FormatNumber(v))
				return
			}
		}
		if c.get("published") != "" {
			c.fail("published", "推算的数据没有公布原文：请留空", "a derived figure was not published: leave it empty")
		}
		o.Value, o.Qualifier = v, qualCol
		return
	}
	if derivedFlag {
		c.fail("derivation", "该数据标为推算：请写出推算式", "the figure is marked derived: give the arithmetic it was derived by")
		return
	}
	if raw == "" {
		c.fail("value", "为空：每个数据都须有数值", "empty: every figure needs a value")
		return
	}
	pv, err := c.parseValue("value", raw)
	if err != nil {
		c.fail("value", "%v", "%v", err)
		return
	}
	from := ind.Unit
	known := ind.ID != "" // an unknown indicator: check the cell, convert nothing
	switch {
	case pv.Unit != "" && unitCol != "" && pv.Unit != unitCol:
		c.fail("value", "“%s”的单位是 %s，单位列却是 %s", "%q is in %s but the unit column says %s", raw, pv.Unit, unitCol)
		return
	case pv.Unit != "":
		from = pv.Unit
	case unitCol != "":
		from = unitCol
	}
	if !known {
		if from != "" && !model.KnownUnit(from) {
			c.fail(unitColumnFor(c, pv), "未知单位“%s”：请填以下之一：%s", "unknown unit %q: write one of %s", truncate(from), model.KnownUnitsText())
		}
		return
	}
	v, err := model.ConvertUnit(pv.Number, from, ind.Unit)
	if err != nil {
		c.fail(unitColumnFor(c, pv), "%v（指标 %s 的单位是 %s：请以 %s 或可换算为它的单位填写数值）",
			"%v (indicator %s is in %s: write the value in %s, or in a unit that converts to it)", err, ind.ID, ind.Unit, ind.Unit)
		return
	}
	q := pv.Qualifier
	if qualCol != model.QualNone {
		if q != model.QualNone && q != qualCol {
			c.fail("qualifier", "填的是 %s，数值“%s”却是 %s", "%s, but the value %q says %s", qualCol, raw, q)
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
	if pub, err := c.parseValue("published", o.Published); err == nil {
		pu := pub.Unit
		if pu == "" {
			pu = from
		}
		pvInd, err := model.ConvertUnit(pub.Number, pu, ind.Unit)
		if err == nil && !closeEnough(pvInd, v) {
			c.fail("published", "“%s”表示 %s，数值列却是 %s", "%q says %s but the value column says %s", o.Published, model.FormatNumber(pvInd), model.FormatNumber(v))
		}
		if err == nil && pub.Qualifier != q {
			c.fail("qualifier", "填的是“%s”，公布原文“%s”却带“%s”", "%q but the published figure %q carries %q", q, o.Published, pub.Qualifier)
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
	return false, model.Errorf("“%s”既不是 true 也不是 false", "%q is neither true nor false", s)
}
