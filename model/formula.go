package model

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// EvalFormula evaluates the arithmetic of a derived figure: decimal numbers,
// + - * / and parentheses, e.g. "5005.68/(1+133.77/100)". Nothing else is
// allowed, so a formula can be checked by reading it.
func EvalFormula(expr string) (float64, error) {
	p := &formulaParser{s: expr}
	v, err := p.sum()
	if err == nil {
		p.space()
		if p.i < len(p.s) {
			r, _ := utf8.DecodeRuneInString(p.s[p.i:])
			err = Errorf("第 %[2]d 列有多余的“%[1]c”", "unexpected %q at column %d", r, p.i+1)
		}
	}
	if err != nil {
		return 0, Errorf("推算式“%s”：%v", "formula %q: %v", expr, err)
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, Errorf("推算式“%s”的结果不是有限数", "formula %q does not give a finite number", expr)
	}
	return v, nil
}

// FormulaNumbers returns the numbers a formula uses, as written, in order.
func FormulaNumbers(expr string) []string {
	var nums []string
	for i := 0; i < len(expr); {
		if isNumByte(expr[i]) {
			j := i
			for j < len(expr) && isNumByte(expr[j]) {
				j++
			}
			nums = append(nums, expr[i:j])
			i = j
			continue
		}
		i++
	}
	return nums
}

func isNumByte(c byte) bool { return c >= '0' && c <= '9' || c == '.' }

type formulaParser struct {
	s     string
	i     int
	depth int
}

func (p *formulaParser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *formulaParser) sum() (float64, error) {
	v, err := p.product()
	for err == nil {
		p.space()
		if p.i >= len(p.s) || (p.s[p.i] != '+' && p.s[p.i] != '-') {
			break
		}
		op := p.s[p.i]
		p.i++
		var w float64
		if w, err = p.product(); op == '+' {
			v += w
		} else {
			v -= w
		}
	}
	return v, err
}

func (p *formulaParser) product() (float64, error) {
	v, err := p.factor()
	for err == nil {
		p.space()
		if p.i >= len(p.s) || (p.s[p.i] != '*' && p.s[p.i] != '/') {
			break
		}
		op := p.s[p.i]
		p.i++
		var w float64
		if w, err = p.factor(); err != nil {
			break
		}
		if op == '*' {
			v *= w
		} else if w == 0 {
			err = Errorf("除数为零", "division by zero")
		} else {
			v /= w
		}
	}
	return v, err
}

func (p *formulaParser) factor() (float64, error) {
	p.space()
	if p.i >= len(p.s) {
		return 0, Errorf("式子不完整", "ends early")
	}
	switch c := p.s[p.i]; {
	case c == '(':
		if p.depth++; p.depth > 32 {
			return 0, Errorf("括号嵌套过深", "too deeply nested")
		}
		p.i++
		v, err := p.sum()
		if err != nil {
			return 0, err
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ')' {
			return 0, Errorf("第 %d 列缺少 )", "missing ) at column %d", p.i+1)
		}
		p.i++
		p.depth--
		return v, nil
	case c == '-':
		if p.depth++; p.depth > 32 {
			return 0, Errorf("括号嵌套过深", "too deeply nested")
		}
		p.i++
		v, err := p.factor()
		p.depth--
		return -v, err
	case isNumByte(c):
		j := p.i
		for j < len(p.s) && isNumByte(p.s[j]) {
			j++
		}
		v, err := strconv.ParseFloat(p.s[p.i:j], 64)
		if err != nil {
			return 0, Errorf("“%s”不是数字", "%q is not a number", p.s[p.i:j])
		}
		p.i = j
		return v, nil
	default:
		r, _ := utf8.DecodeRuneInString(p.s[p.i:])
		return 0, Errorf("第 %[2]d 列有多余的“%[1]c”", "unexpected %q at column %d", r, p.i+1)
	}
}
