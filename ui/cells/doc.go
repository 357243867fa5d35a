// Package cells measures and fits text in terminal cells. It is the single
// source of truth for width in gansudash.
//
// The trap it exists for: x/ansi (which Lip Gloss pads with) counts East-Asian
// ambiguous characters (…, —, ▁..█, ▲) as one cell whatever the locale,
// whereas go-runewidth (which bubbles truncates with) counts them as two under
// LANG=zh_CN.UTF-8; mixing the two misaligns tables or cuts text early. Init
// pins go-runewidth to x/ansi's answer for the components that use it, and
// tests run every screen under both C.UTF-8 and zh_CN.UTF-8.
//
// Imports: x/ansi and go-runewidth only.
package cells
