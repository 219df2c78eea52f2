package report

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// The .docx for Word and WPS is written here as minimal WordprocessingML
// (ECMA-376): no Go library for writing .docx resolves from the module
// proxy this project uses (the maintained ones are paid or unlisted), and
// a 公文 needs only paragraphs, alignment, indents, fonts, one kind of
// table and an A4 page — a few files in a zip.

// docxEpoch is the time stamped on every file of the archive, so the same
// report gives the same bytes.
var docxEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`

const docxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

const docxDocRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`

// The default run is 仿宋 三号 (16 pt = 32 half-points) with Times New Roman
// for Latin letters and digits, as offices set a 公文.
const docxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>`

// docxSect is an A4 page with the 公文's margins (twentieths of a point:
// 37 mm top, 35 mm bottom, 28 mm binding side, 26 mm outer side).
const docxSect = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>`

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// docxPara is one paragraph: alignment ("", "center", "right"), a first
// line indent of two characters, an East Asian font and a size in
// half-points (0: the default).
func docxPara(b *strings.Builder, text, align string, indent bool, font string, size int, spaceBefore int) {
	b.WriteString("<w:p><w:pPr>")
	if spaceBefore > 0 {
		fmt.Fprintf(b, `<w:spacing w:before="%d"/>`, spaceBefore)
	}
	if indent {
		b.WriteString(`<w:ind w:firstLineChars="200" w:firstLine="640"/>`)
	}
	if align != "" {
		fmt.Fprintf(b, `<w:jc w:val="%s"/>`, align)
	}
	b.WriteString("</w:pPr><w:r>")
	if font != "" || size > 0 {
		b.WriteString("<w:rPr>")
		if font != "" {
			fmt.Fprintf(b, `<w:rFonts w:eastAsia="%s"/>`, font)
		}
		if size > 0 {
			fmt.Fprintf(b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, size, size)
		}
		b.WriteString("</w:rPr>")
	}
	b.WriteString(`<w:t xml:space="preserve">` + xmlText(text) + "</w:t></w:r></w:p>")
}

func docxTable(b *strings.Builder, rows [][]string) {
	b.WriteString(`<w:tbl><w:tblPr><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
	}
	b.WriteString(`</w:tblBorders></w:tblPr>`)
	// Word requires the grid; the columns share the type area (8844 twips,
	// 156 mm) equally.
	if len(rows) > 0 && len(rows[0]) > 0 {
		b.WriteString("<w:tblGrid>")
		for range rows[0] {
			fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, 8844/len(rows[0]))
		}
		b.WriteString("</w:tblGrid>")
	}
	for _, row := range rows {
		b.WriteString("<w:tr>")
		for _, cell := range row {
			b.WriteString(`<w:tc><w:p><w:pPr><w:spacing w:line="360" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">` +
				xmlText(cell) + "</w:t></w:r></w:p></w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
}

// docxDocument is word/document.xml for a report's blocks.
func docxDocument(bs []rblock) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	prev := byte(0)
	for _, x := range bs {
		switch x.kind {
		case 't':
			before := 0
			if prev != 0 {
				before = 560
			}
			docxPara(&b, x.text, "center", false, "方正小标宋简体", 44, before)
		case 's':
			docxPara(&b, x.text, "center", false, "", 0, 0)
		case 'a':
			docxPara(&b, x.text, "", false, "", 0, 560)
		case 'h':
			docxPara(&b, x.text, "", true, "黑体", 0, 0)
		case 'p':
			docxPara(&b, x.text, "", true, "", 0, 0)
		case 'T':
			docxTable(&b, x.rows)
		case 'r':
			before := 0
			if prev != 'r' {
				before = 560
			}
			docxPara(&b, x.text+"\u3000\u3000\u3000\u3000", "right", false, "", 0, before)
		case 'n':
			docxPara(&b, x.text, "", false, "", 28, 560)
		}
		prev = x.kind
	}
	b.WriteString(docxSect + "</w:body></w:document>")
	return b.String()
}

// writeDocx writes blocks as a .docx.
func writeDocx(w io.Writer, bs []rblock) error {
	z := zip.NewWriter(w)
	for _, f := range []struct{ name, body string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRels},
		{"word/_rels/document.xml.rels", docxDocRels},
		{"word/styles.xml", docxStyles},
		{"word/document.xml", docxDocument(bs)},
	} {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: docxEpoch})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return err
		}
	}
	return z.Close()
}
