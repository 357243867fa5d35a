package model

import (
	"errors"
	"fmt"
	"strings"
)

// Localizer is anything that can say itself in either language: an error
// from the model or the store, a message for the reader.
type Localizer interface {
	Localize(lang Lang) string
}

// Text is a message in both languages, with the arguments both share.
type Text struct {
	ZH, EN string
	Args   []any
}

// T makes a Text; its formats take the same arguments, in the same order.
func T(zh, en string, args ...any) Text { return Text{ZH: zh, EN: en, Args: args} }

// Localize prints the text in lang; arguments that can localize themselves
// (a nested error, a Text) do so.
func (t Text) Localize(lang Lang) string {
	if len(t.Args) == 0 {
		return lang.Pick(t.ZH, t.EN)
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		args[i] = localizeArg(a, lang)
	}
	// %w marks the wrapped error for Unwrap; printed, it is %v.
	return fmt.Sprintf(strings.ReplaceAll(lang.Pick(t.ZH, t.EN), "%w", "%v"), args...)
}

// String is the English text.
func (t Text) String() string { return t.Localize(English) }

func localizeArg(a any, lang Lang) any {
	switch v := a.(type) {
	case Localizer:
		return v.Localize(lang)
	case error:
		return Localize(v, lang)
	}
	return a
}

// Error is an error whose message exists in both languages. Error() is the
// English message (for logs, and the tests that read it); Localize gives the
// reader's language. It wraps the first error among its arguments.
type Error struct{ Text }

// Errorf makes an Error; zh and en take the same arguments.
func Errorf(zh, en string, args ...any) error { return &Error{T(zh, en, args...)} }

func (e *Error) Error() string { return e.Text.Localize(English) }

// Unwrap returns the errors among the arguments, for errors.Is and As.
func (e *Error) Unwrap() []error {
	var out []error
	for _, a := range e.Args {
		if err, ok := a.(error); ok {
			out = append(out, err)
		}
	}
	return out
}

// Localize prints err in lang: its own words when it can localize itself,
// else its English message.
func Localize(err error, lang Lang) string {
	if err == nil {
		return ""
	}
	var l Localizer
	if errors.As(err, &l) {
		// errors.As finds the outermost one; an error that wraps a
		// localizer with words of its own stays as it is.
		if le, ok := err.(Localizer); ok {
			return le.Localize(lang)
		}
	}
	if lang == Chinese {
		if s, ok := localizeOS(err); ok {
			return s
		}
	}
	return err.Error()
}
