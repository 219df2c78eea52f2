package tui

import "gatepost/i18n"

// Catalog is the shared message catalogue (package i18n); the console holds
// one for its language.
type Catalog = i18n.Catalog

// NewCatalog returns the catalogue for a language name (see i18n.NewCatalog).
func NewCatalog(lang string) *Catalog { return i18n.NewCatalog(lang) }
