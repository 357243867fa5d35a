package ui

import "github.com/charmbracelet/bubbles/key"

// The key hints each page shows in the status line, most useful first:
// only keys the page answers. Esc (on pages opened over a view), the views,
// help and quit are added by the status line itself.

func (o *overview) hints(k KeyMap) []key.Binding {
	switch {
	case o.focusReg:
		return []key.Binding{k.Enter, k.Filter, k.Up}
	case o.roll != nil:
		return []key.Binding{k.Rollup, k.Enter, k.Compare, k.NextTab, k.Regions, k.Filter, k.Export, k.Copy}
	}
	return []key.Binding{k.Enter, k.Compare, k.Rollup, k.NextTab, k.Regions, k.Filter, k.Sort, k.Export, k.Copy}
}

func (c *compare) hints(k KeyMap) []key.Binding {
	return []key.Binding{k.Enter, k.Earlier, k.Later, k.Sort, k.Filter, k.Export, k.Copy}
}

func (d *detail) hints(k KeyMap) []key.Binding {
	return []key.Binding{k.Down, k.Compare, k.Copy, k.Export}
}

func (e *events) hints(k KeyMap) []key.Binding {
	return []key.Binding{k.Enter, k.Sort, k.Filter, k.Export, k.Copy}
}

func (f *figures) hints(k KeyMap) []key.Binding {
	return []key.Binding{k.Enter, k.Sort, k.Filter, k.Export, k.Copy}
}

func (s *sources) hints(k KeyMap) []key.Binding {
	return []key.Binding{k.Enter, k.Sort, k.Filter, k.Export}
}
