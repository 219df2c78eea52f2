package post_test

import (
	"strings"
	"testing"

	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/post"
)

// TestCodesInCatalogue: every input error code the service gives has its
// "err." message in both languages, with the same verbs.
func TestCodesInCatalogue(t *testing.T) {
	for _, code := range []string{post.CodeRequired, post.CodeFuture, post.CodeNotFever, post.CodeBadChoice,
		gate.CodeTempEmpty, gate.CodeTempImplausible, gate.CodePlateEmpty, gate.CodeQtyFormat, gate.CodeMinutesFormat,
		gate.CodeDateFuture, gate.CodeDateOrder, gate.CodeDishesEmpty} {
		m, ok := i18n.Lookup("err." + code)
		if !ok {
			t.Errorf("err.%s missing", code)
			continue
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("err.%s: verbs differ: %q / %q", code, m[0], m[1])
		}
	}
}
