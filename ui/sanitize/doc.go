// Package sanitize neutralises text from data before it reaches a terminal.
// Figures come from files anyone can write; a region name or a fragment must
// never be able to move the cursor, change colours, set the clipboard
// (OSC 52), print a link (OSC 8), ring the bell or reorder text on screen.
//
// Imports: the standard library only.
package sanitize
