package i18n

import "testing"

// The plural choices are resolved on every T of an English message that has
// one; these compare that with a message without (run: go test ./i18n
// -bench T -run ^$).
func BenchmarkTPlain(b *testing.B) {
	c := NewCatalog("en")
	for b.Loop() {
		_ = c.T("dm.r.supplies", 3, 2, 1)
	}
}

func BenchmarkTPlural(b *testing.B) {
	c := NewCatalog("en")
	for b.Loop() {
		_ = c.T("dm.r.disinf", 5, 4, 1)
	}
}

func BenchmarkTChinese(b *testing.B) {
	c := NewCatalog("zh-CN")
	for b.Loop() {
		_ = c.T("dm.r.disinf", 5, 4, 1)
	}
}
