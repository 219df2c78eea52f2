package report

import (
	"fmt"
	"io"
	"strings"

	"gatepost/gate"
	"gatepost/i18n"
)

// Write writes a report in any of Formats: the text ones as Render gives
// them, docx as a Word/WPS document.
func Write(w io.Writer, r gate.Report, lang, format string) error {
	if format == FormatDocx {
		c := i18n.NewCatalog(lang)
		return writeDocx(w, docBlocks(c, r))
	}
	s, err := Render(r, lang, format)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, s)
	return err
}

// Doc is a document made of reports and text of its own, in one
// language: the hub's consolidated report is its summary followed by each
// facility's 日报, drawn the same way in every format.
type Doc struct {
	c      *i18n.Catalog
	blocks []rblock
}

// NewDoc starts a document in language lang.
func NewDoc(lang string) *Doc { return &Doc{c: i18n.NewCatalog(lang)} }

// Catalog is the document's catalogue.
func (d *Doc) Catalog() *i18n.Catalog { return d.c }

func (d *Doc) add(kind byte, text string) *Doc {
	d.blocks = append(d.blocks, rblock{kind: kind, text: strings.TrimSpace(text)})
	return d
}

// Title adds a title line.
func (d *Doc) Title(s string) *Doc { return d.add('t', s) }

// Sub adds a centred line under the title.
func (d *Doc) Sub(s string) *Doc { return d.add('s', s) }

// To adds the addressee (主送).
func (d *Doc) To(s string) *Doc { return d.add('a', s) }

// Heading adds a section heading.
func (d *Doc) Heading(s string) *Doc { return d.add('h', s) }

// Para adds a paragraph.
func (d *Doc) Para(s string) *Doc { return d.add('p', s) }

// Sign adds a right-aligned line of the 落款.
func (d *Doc) Sign(s string) *Doc { return d.add('r', s) }

// Note adds the signature note.
func (d *Doc) Note(s string) *Doc { return d.add('n', s) }

// Table adds a table (Markdown, HTML and docx only), the first row its
// header.
func (d *Doc) Table(rows [][]string) *Doc {
	d.blocks = append(d.blocks, rblock{kind: 'T', rows: rows})
	return d
}

// Report adds a facility's report, whole, as the facility sent it.
func (d *Doc) Report(r gate.Report) *Doc {
	d.blocks = append(d.blocks, docBlocks(d.c, r)...)
	return d
}

// Write writes the document in a format of Formats but json.
func (d *Doc) Write(w io.Writer, format string) error {
	var s string
	switch format {
	case FormatText, "":
		s = renderBlocks(d.c, d.blocks, 0)
	case FormatMarkdown:
		s = renderBlocks(d.c, d.blocks, 1)
	case FormatHTML:
		var b strings.Builder
		writeHTMLBlocks(&b, d.blocks)
		title := ""
		if len(d.blocks) > 0 {
			title = d.blocks[0].text
		}
		return htmlPage(w, langTag(d.c), title, b.String())
	case FormatDocx:
		return writeDocx(w, d.blocks)
	default:
		return fmt.Errorf("format %q: want text, md, html or docx", format)
	}
	_, err := io.WriteString(w, s)
	return err
}
