// Package sheet writes tables as an Excel workbook (.xlsx) for the offices
// that work in Excel or WPS: the hub's consolidated report and the record
// export. It uses github.com/xuri/excelize/v2, the maintained Go library for
// the format: a workbook is a zip of a dozen interlinked XML parts (shared
// strings, styles, sheet relations), too much to hand-write and keep valid.
package sheet

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Sheet is one worksheet: a name, a header row (frozen and bold) and rows
// of cells (string, int, float64, bool; anything else as its %v).
type Sheet struct {
	Name   string
	Header []string
	Rows   [][]any
}

// maxName is Excel's limit on a sheet name.
const maxName = 31

// SafeName makes a sheet name Excel accepts: none of : \ / ? * [ ], at most
// 31 characters, not empty.
func SafeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, s)
	if rs := []rune(s); len(rs) > maxName {
		s = string(rs[:maxName])
	}
	if strings.Trim(s, "' ") == "" {
		s = "Sheet"
	}
	return s
}

// cellText drops the control characters XML cannot hold. A string is
// written as a string cell, so text from a record that starts with "=" is
// shown as it is, never evaluated as a formula.
func cellText(s string) string {
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// Write writes the sheets as one workbook, in their order.
func Write(w io.Writer, sheets []Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for i, sh := range sheets {
		name := SafeName(sh.Name)
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = SafeName(fmt.Sprintf("%s~%d", sh.Name, n))
		}
		used[strings.ToLower(name)] = true
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		head := make([]any, len(sh.Header))
		for j, h := range sh.Header {
			head[j] = excelize.Cell{Value: cellText(h), StyleID: bold}
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for r, row := range sh.Rows {
			cells := make([]any, len(row))
			for j, v := range row {
				switch x := v.(type) {
				case string:
					cells[j] = cellText(x)
				case int, int64, float64, bool:
					cells[j] = x
				case nil:
					cells[j] = nil
				default:
					cells[j] = cellText(fmt.Sprint(x))
				}
			}
			cell, err := excelize.CoordinatesToCellName(1, r+2)
			if err != nil {
				return err
			}
			if err := sw.SetRow(cell, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}
