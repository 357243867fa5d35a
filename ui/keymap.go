package ui

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/gansudash/gansudash/model"
)

// KeyMap is every key binding of the dashboard. The help screen and the
// status line are generated from it, so they cannot drift from what the keys
// do.
type KeyMap struct {
	Up, Down, Left, Right     key.Binding
	Top, Bottom               key.Binding
	HalfUp, HalfDown          key.Binding
	PageUp, PageDown          key.Binding
	NextTab, PrevTab          key.Binding
	Regions                   key.Binding
	Enter, Back               key.Binding
	Compare, Rollup           key.Binding
	Views, Text               key.Binding
	Earlier, Later            key.Binding
	Filter, Sort              key.Binding
	Overview, Events, Sources key.Binding
	Export, Copy              key.Binding
	Lang, Help, Quit          key.Binding
	FilterAccept, FilterClear key.Binding
}

// NewKeyMap builds the bindings with help texts in lang.
func NewKeyMap(lang model.Lang) KeyMap {
	b := func(keys []string, label, zh, en string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, lang.Pick(zh, en)))
	}
	return KeyMap{
		Up:           b([]string{"up", "k"}, "↑/k", "上移", "up"),
		Down:         b([]string{"down", "j"}, "↓/j", "下移/滚动", "down, scroll"),
		Left:         b([]string{"left", "h"}, "←/h", "地区列表", "regions pane"),
		Right:        b([]string{"right", "l"}, "→/l", "指标表", "table"),
		Top:          b([]string{"g", "home"}, "g/home", "到顶", "top"),
		Bottom:       b([]string{"G", "end"}, "G/end", "到底", "bottom"),
		HalfUp:       b([]string{"ctrl+u"}, "ctrl+u", "上半页", "half page up"),
		HalfDown:     b([]string{"ctrl+d"}, "ctrl+d", "下半页", "half page down"),
		PageUp:       b([]string{"pgup"}, "pgup", "上一页", "page up"),
		PageDown:     b([]string{"pgdown"}, "pgdn", "下一页", "page down"),
		NextTab:      b([]string{"tab"}, "tab", "类别", "category"),
		PrevTab:      b([]string{"shift+tab"}, "shift+tab", "上一类别", "previous category"),
		Regions:      b([]string{"r"}, "r", "地区", "region"),
		Enter:        b([]string{"enter"}, "enter", "详情", "open"),
		Back:         b([]string{"esc"}, "esc", "返回", "back"),
		Compare:      b([]string{"c"}, "c", "对比", "compare"),
		Rollup:       b([]string{"v"}, "v", "汇总下辖", "roll-up"),
		Earlier:      b([]string{"["}, "[", "更早期间", "earlier period"),
		Later:        b([]string{"]"}, "]", "更近期间", "later period"),
		Views:        b([]string{"1", "2", "3"}, "1-3", "视图", "views"),
		Text:         b([]string{"Y"}, "Y", "显示复制的文字", "show copied text"),
		Filter:       b([]string{"/"}, "/", "筛选", "filter"),
		Sort:         b([]string{"s"}, "s", "排序", "sort"),
		Overview:     b([]string{"1"}, "1", "总览", "overview"),
		Events:       b([]string{"2"}, "2", "招商活动", "promotion events"),
		Sources:      b([]string{"3"}, "3", "来源", "sources"),
		Export:       b([]string{"e"}, "e", "导出", "export"),
		Copy:         b([]string{"y"}, "y", "复制", "copy"),
		Lang:         b([]string{"L"}, "L", "English", "中文"),
		Help:         b([]string{"?"}, "?", "帮助", "help"),
		Quit:         b([]string{"q", "ctrl+c"}, "q", "退出", "quit"),
		FilterAccept: b([]string{"enter"}, "enter", "确定筛选", "keep filter"),
		FilterClear:  b([]string{"esc"}, "esc", "清除筛选", "clear filter"),
	}
}

// Always are the hints the status line never drops: help and quit.
func (k KeyMap) Always() []key.Binding { return []key.Binding{k.Help, k.Quit} }

// pageHints are the key hints of the keys a page answers, most useful
// first; the status line shows as many as fit before help and quit.
type pageHints interface {
	hints(k KeyMap) []key.Binding
}

// FullHelp is the help screen, one column per group.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.HalfUp, k.HalfDown, k.PageUp, k.PageDown},
		{k.NextTab, k.PrevTab, k.Left, k.Right, k.Regions, k.Enter, k.Back, k.Compare, k.Rollup},
		{k.Overview, k.Events, k.Sources, k.Filter, k.Sort, k.Export, k.Copy, k.Text},
		{k.Lang, k.Help, k.Quit},
	}
}
