package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/cells"
)

// Long work (import, export, check, backup) shows how far it got on one
// line of stderr that redraws itself, when stderr is a terminal:
//
//	进度：写入 123,456 / 1,000,000 行（12%），每秒 250,000 行，约剩 3 秒
//	progress: writing 123,456 / 1,000,000 rows (12%) · 250,000 rows/s · 3 s left
//
// and erases it when done. Into a pipe or a file it writes nothing.

// progress returns the callback to give the store and the function that
// erases the line at the end (call it before printing the result). Both
// do nothing when stderr is not a terminal.
func (a *app) progress() (store.ProgressFunc, func()) {
	f, ok := a.env.Stderr.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return nil, func() {}
	}
	p := &progressLine{w: f, lang: a.lang, cols: 80}
	if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
		p.cols = w
	}
	return p.update, p.clear
}

// progressLine draws the line.
type progressLine struct {
	w     io.Writer
	lang  model.Lang
	cols  int // the terminal's width: the line stays shorter, or it would wrap
	mu    sync.Mutex
	step  string
	start time.Time // of the step
	drawn time.Time
	width int // of what is on screen
}

// redrawEvery bounds how often the line is drawn.
const redrawEvery = 100 * time.Millisecond

func (p *progressLine) update(pr store.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	step := pr.Step.Localize(p.lang)
	force := pr.Final
	if step != p.step {
		p.step, p.start, force = step, now, true
	}
	if !force && now.Sub(p.drawn) < redrawEvery {
		return
	}
	p.drawn = now
	p.draw(p.text(pr, now.Sub(p.start)))
}

// text says where the work is.
func (p *progressLine) text(pr store.Progress, elapsed time.Duration) string {
	zh := p.lang != model.English
	pick := func(c, e string) string {
		if zh {
			return c
		}
		return e
	}
	done, total := pr.Done, pr.Total
	unit := pick(" 行", " rows")
	if pr.Unit == store.ProgressBytes {
		done, total, unit = done>>20, total>>20, " MB"
	}
	var b strings.Builder
	b.WriteString(pick("进度：", "progress: "))
	b.WriteString(p.step)
	if done == 0 && total == 0 {
		b.WriteString(pick("……", "..."))
		return b.String()
	}
	b.WriteString(" " + grouped(done))
	if total > 0 {
		b.WriteString(" / " + grouped(total))
	}
	b.WriteString(unit)
	if total > 0 {
		pct := min(100, 100*pr.Done/max(pr.Total, 1))
		b.WriteString(pick(fmt.Sprintf("（%d%%）", pct), fmt.Sprintf(" (%d%%)", pct)))
	}
	if secs := elapsed.Seconds(); secs >= 0.5 && pr.Done > 0 && !pr.Final {
		rate := float64(done) / secs
		b.WriteString(pick("，每秒 "+grouped(int64(rate))+unit, " · "+grouped(int64(rate))+unit+"/s"))
		if total > done && rate > 0 {
			left := time.Duration(float64(total-done) / rate * float64(time.Second))
			b.WriteString(pick("，约剩 ", " · ") + duration(left, zh) + pick("", " left"))
		}
	}
	return b.String()
}

// draw replaces the line on screen with s, cut to the terminal's width.
func (p *progressLine) draw(s string) {
	for cells.Width(s) >= p.cols && s != "" {
		r := []rune(s)
		s = string(r[:len(r)-1])
	}
	w := cells.Width(s)
	pad := ""
	if w < p.width {
		pad = strings.Repeat(" ", p.width-w)
	}
	fmt.Fprint(p.w, "\r"+s+pad)
	p.width = w
}

// clear erases the line.
func (p *progressLine) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.width > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
		p.width = 0
	}
}

// grouped writes n with thousands separators: 1,234,567.
func grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + grouped(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// duration says a time left in whole seconds: 3 秒, 2 分 5 秒; 3 s, 2 min 5 s.
func duration(d time.Duration, zh bool) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s < 1 {
		if zh {
			return "不到 1 秒"
		}
		return "<1 s"
	}
	m, s := s/60, s%60
	switch {
	case m > 0 && zh:
		return fmt.Sprintf("%d 分 %d 秒", m, s)
	case m > 0:
		return fmt.Sprintf("%d min %d s", m, s)
	case zh:
		return fmt.Sprintf("%d 秒", s)
	}
	return fmt.Sprintf("%d s", s)
}
