package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"sort"

	"gatepost/i18n"
	"gatepost/record"
	"gatepost/report/sheet"
	"gatepost/store"
)

// envelopeColumns are the record fields every sheet of the workbook starts
// with; the body's fields follow, one column each.
var envelopeColumns = []string{"seq", "at", "terminal", "gate", "guard"}

// exportWorkbook writes the records after seq since as an Excel workbook:
// one sheet per kind in the order of record.Kinds, a column per field —
// the envelope's, then every top-level field the kind's bodies hold, in the
// order they first appear — headed in the catalogue's language. A nested
// value (a list of dishes, a report) is its JSON text. Returns how many
// records were written. The rows are held in memory until the sheets are
// written: the workbook is for a day's or a month's records (Excel holds
// 1,048,576 rows a sheet), the log itself is exported as JSON Lines.
func exportWorkbook(ctx context.Context, st *store.Store, w io.Writer, lang string, since int64) (int64, error) {
	c := i18n.NewCatalog(lang)
	type kindRows struct {
		fields []string
		seen   map[string]bool
		rows   []map[string]any
	}
	byKind := map[record.Kind]*kindRows{}
	var n int64
	err := st.Each(ctx, since, func(r record.Record) error {
		n++
		k := byKind[r.Kind]
		if k == nil {
			k = &kindRows{seen: map[string]bool{}}
			byKind[r.Kind] = k
		}
		row := map[string]any{"seq": r.Seq, "at": r.At.Format("2006-01-02 15:04:05"), "terminal": r.Terminal, "gate": r.Gate, "guard": r.Guard}
		d := json.NewDecoder(bytes.NewReader(r.Body))
		d.UseNumber()
		var body map[string]any
		if d.Decode(&body) == nil {
			keys := make([]string, 0, len(body))
			for f := range body {
				keys = append(keys, f)
			}
			sort.Strings(keys) // canonical bodies are sorted already; a stable order either way
			for _, f := range keys {
				if !k.seen[f] {
					k.seen[f] = true
					k.fields = append(k.fields, f)
				}
				row["b."+f] = cellValue(body[f])
			}
		}
		k.rows = append(k.rows, row)
		return nil
	})
	if err != nil {
		return n, err
	}
	kinds := slices.Clone(record.Kinds)
	for k := range byKind {
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	var sheets []sheet.Sheet
	for _, kind := range kinds {
		k := byKind[kind]
		if k == nil {
			continue
		}
		sh := sheet.Sheet{Name: c.Word(string(kind), "xk.")}
		for _, f := range envelopeColumns {
			sh.Header = append(sh.Header, c.Word(f, "xf."))
		}
		for _, f := range k.fields {
			sh.Header = append(sh.Header, c.Word(f, "xf."))
		}
		for _, row := range k.rows {
			cells := make([]any, 0, len(sh.Header))
			for _, f := range envelopeColumns {
				cells = append(cells, row[f])
			}
			for _, f := range k.fields {
				cells = append(cells, row["b."+f])
			}
			sh.Rows = append(sh.Rows, cells)
		}
		sheets = append(sheets, sh)
	}
	if len(sheets) == 0 {
		sheets = []sheet.Sheet{{Name: c.Word("passage", "xk."), Header: envelopeColumns}}
	}
	return n, sheet.Write(w, sheets)
}

// cellValue is a body value as a cell: numbers as numbers, booleans as
// booleans, strings as they are, anything nested as its JSON text.
func cellValue(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		return x.String()
	case string, bool, nil:
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}
