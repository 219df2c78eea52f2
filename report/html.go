package report

import (
	"html"
	"io"
	"strings"

	"gatepost/gate"
	"gatepost/i18n"
)

// pageCSS lays the report out as a 公文 on A4 (GB/T 9704 as a guide): 37 mm
// top and 28 mm binding margins, a 156 mm by 225 mm type area, the title in
// 小标宋 (二号, 22 pt), the text in 仿宋 (三号, 16 pt) at 28 pt lines, the
// first-level headings in 黑体. Fonts fall back to what Windows, macOS and
// Linux have, so the page prints the same from any browser or from Word,
// which opens this file too.
const pageCSS = `@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28pt; color: #000; max-width: 156mm; margin: 0 auto; }
h1 { font-family: "方正小标宋简体", "华文中宋", STZhongsong, "宋体", SimSun, "Noto Serif CJK SC", serif; font-size: 22pt; line-height: 36pt; font-weight: normal; text-align: center; margin: 0; }
.date { text-align: center; margin: 0; }
h2 { font-family: "黑体", SimHei, STHeiti, "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.to { text-indent: 0; margin-top: 28pt; }
p.sign { text-align: right; text-indent: 0; padding-right: 4em; }
p.sign.first { margin-top: 28pt; }
p.note { text-indent: 0; margin-top: 28pt; font-size: 14pt; }
table { border-collapse: collapse; margin: 6pt auto; font-size: 12pt; line-height: 18pt; }
th, td { border: 1px solid #000; padding: 2pt 8pt; text-align: center; }
@media print { table { page-break-inside: avoid; } }
`

// HTML is the report as a print-ready A4 page.
func HTML(c *i18n.Catalog, r gate.Report) string {
	var b strings.Builder
	bs := docBlocks(c, r)
	writeHTMLBlocks(&b, bs)
	var page strings.Builder
	_ = htmlPage(&page, langTag(c), bs[0].text, b.String())
	return page.String()
}

func langTag(c *i18n.Catalog) string {
	if c.Chinese() {
		return "zh-CN"
	}
	return "en"
}

// htmlPage wraps HTML blocks in the report's print-ready page.
func htmlPage(w io.Writer, lang, title, body string) error {
	_, err := io.WriteString(w, "<!DOCTYPE html>\n<html lang=\""+html.EscapeString(lang)+"\">\n<head>\n<meta charset=\"utf-8\">\n<title>"+
		html.EscapeString(title)+"</title>\n<style>\n"+pageCSS+"</style>\n</head>\n<body>\n"+body+"</body>\n</html>\n")
	return err
}

func writeHTMLBlocks(b *strings.Builder, bs []rblock) {
	prev := byte(0)
	for _, x := range bs {
		t := html.EscapeString(x.text)
		switch x.kind {
		case 't':
			b.WriteString("<h1>" + t + "</h1>\n")
		case 's':
			b.WriteString("<p class=\"date\">" + t + "</p>\n")
		case 'a':
			b.WriteString("<p class=\"to\">" + t + "</p>\n")
		case 'h':
			b.WriteString("<h2>" + t + "</h2>\n")
		case 'p':
			b.WriteString("<p>" + t + "</p>\n")
		case 'r':
			cls := "sign"
			if prev != 'r' {
				cls += " first"
			}
			b.WriteString("<p class=\"" + cls + "\">" + t + "</p>\n")
		case 'n':
			b.WriteString("<p class=\"note\">" + t + "</p>\n")
		case 'T':
			b.WriteString("<table>\n")
			for i, row := range x.rows {
				cell := "td"
				if i == 0 {
					cell = "th"
				}
				b.WriteString("<tr>")
				for _, v := range row {
					b.WriteString("<" + cell + ">" + html.EscapeString(v) + "</" + cell + ">")
				}
				b.WriteString("</tr>\n")
			}
			b.WriteString("</table>\n")
		}
		prev = x.kind
	}
}
