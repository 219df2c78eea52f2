package sheet

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWriteAndOpen(t *testing.T) {
	var b bytes.Buffer
	err := Write(&b, []Sheet{
		{Name: "passage", Header: []string{"序号", "姓名", "体温"}, Rows: [][]any{{1, "王芳", 36.5}, {2, "=HYPERLINK(\"x\")", nil}}},
		{Name: "a/b:c?d*[e]" + "0123456789012345678901234567890", Header: []string{"x"}},
		{Name: "PASSAGE", Header: []string{"y"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) != 3 || names[0] != "passage" || names[1] != "a_b_c_d__e_012345678901234567890"[:31] || names[2] == "PASSAGE" {
		t.Fatalf("sheets %q", names)
	}
	rows, err := f.GetRows("passage")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][1] != "姓名" || rows[1][1] != "王芳" || rows[1][2] != "36.5" || rows[2][1] != `=HYPERLINK("x")` {
		t.Errorf("rows %q", rows)
	}
	if fm, _ := f.GetCellFormula("passage", "B3"); fm != "" {
		t.Errorf("a record's text became a formula: %q", fm)
	}
}
