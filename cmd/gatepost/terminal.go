package main

import (
	"errors"
	"fmt"

	"gatepost/config"
	"gatepost/i18n"
	"gatepost/internal/termcheck"
)

// cliCatalog is the catalogue for what commands print: the language of the
// locale, but English where the terminal is known not to show UTF-8.
func (a *app) cliCatalog() *i18n.Catalog {
	if termcheck.Check(a.env.getenv).Refuse {
		return i18n.NewCatalog(config.LangEN)
	}
	return i18n.NewCatalog(config.LangFromEnv(a.env.getenv))
}

// checkTerminal is asked before the console starts. On a terminal known
// not to use UTF-8 it writes why, in the terminal's own character set when
// that is a Chinese one, and refuses: a console that draws garbage and
// saves typed names garbled is worse than none (see package termcheck).
func (a *app) checkTerminal() (termcheck.Decision, error) {
	d := termcheck.Check(a.env.getenv)
	if !d.Refuse {
		return d, nil
	}
	lang := config.LangEN
	if d.Chinese() {
		lang = config.LangZH
	}
	msg := i18n.NewCatalog(lang).T("term.charset.refuse", d.Charset, d.LocaleVar, d.Locale)
	a.env.stderr.Write(d.Encode("gatepost: " + msg + "\n"))
	return d, &exitError{code: 1, silent: true, err: errors.New("terminal character set " + d.Charset + " is not UTF-8")}
}

// consoleLang is the console's language on terminal d: lang, or English
// with a note on standard error (left on the screen when the console ends)
// where the terminal cannot draw Chinese.
func (a *app) consoleLang(d termcheck.Decision, lang string) string {
	l, fellBack := d.Lang(lang)
	if fellBack {
		fmt.Fprintln(a.env.stderr, i18n.NewCatalog(config.LangEN).T("term.nocjk.note", d.Term))
	}
	return l
}
