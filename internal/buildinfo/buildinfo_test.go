package buildinfo

import (
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	bi := &debug.BuildInfo{
		GoVersion: "go1.27.3",
		Main:      debug.Module{Path: "gatepost", Version: "(devel)"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "4b4838e0123456789abcdef0123456789abcdef0"},
			{Key: "vcs.time", Value: "2026-11-29T20:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
			{Key: "GOOS", Value: "windows"},
			{Key: "GOARCH", Value: "amd64"},
		},
	}
	tests := []struct {
		name                 string
		ldVer, ldCommit, ldD string
		bi                   *debug.BuildInfo
		want                 Info
		short, str           string
	}{
		{
			name: "plain go build: vcs stamps, no version",
			bi:   bi,
			want: Info{Version: "dev", Commit: "4b4838e0123456789abcdef0123456789abcdef0", Modified: true,
				Date: "2026-11-29T20:00:00Z", GoVersion: "go1.27.3", Platform: "windows/amd64"},
			short: "4b4838e01234+dirty",
			str:   "gatepost dev (commit 4b4838e01234+dirty, built 2026-11-29T20:00:00Z, go1.27.3, windows/amd64)",
		},
		{
			name:  "release: the linker's values win",
			ldVer: "v1.0.0", ldCommit: "abc", ldD: "2026-12-01T00:00:00Z",
			bi: bi,
			want: Info{Version: "v1.0.0", Commit: "abc", Modified: true, Date: "2026-12-01T00:00:00Z",
				GoVersion: "go1.27.3", Platform: "windows/amd64"},
			short: "abc+dirty",
		},
		{
			name:  "snapshot of an untagged repository: goreleaser's placeholders give way to the stamps",
			ldVer: "0.0.1-snapshot", ldCommit: "none", ldD: "0001-01-01T00:00:00Z",
			bi: bi,
			want: Info{Version: "0.0.1-snapshot", Commit: "4b4838e0123456789abcdef0123456789abcdef0", Modified: true,
				Date: "2026-11-29T20:00:00Z", GoVersion: "go1.27.3", Platform: "windows/amd64"},
			short: "4b4838e01234+dirty",
		},
		{
			name:  "go install at a module version",
			bi:    &debug.BuildInfo{GoVersion: "go1.27.3", Main: debug.Module{Version: "v1.2.0"}},
			want:  Info{Version: "v1.2.0", GoVersion: "go1.27.3"},
			short: "unknown",
		},
		{
			name:  "no build info at all",
			want:  Info{Version: "dev"},
			short: "unknown",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := resolve(tc.ldVer, tc.ldCommit, tc.ldD, tc.bi)
			// Without build info the Go version and platform are the running ones.
			if tc.bi == nil || tc.want.Platform == "" {
				if got.Platform == "" || !strings.HasPrefix(got.GoVersion, "go") {
					t.Fatalf("platform %q, Go %q: want the running ones", got.Platform, got.GoVersion)
				}
				tc.want.Platform = got.Platform
				if tc.bi == nil {
					tc.want.GoVersion = got.GoVersion
				}
			}
			if got != tc.want {
				t.Fatalf("resolve =\n %+v\nwant\n %+v", got, tc.want)
			}
			if s := got.ShortCommit(); s != tc.short {
				t.Errorf("ShortCommit = %q, want %q", s, tc.short)
			}
			if tc.str != "" && got.String() != tc.str {
				t.Errorf("String =\n %s\nwant\n %s", got.String(), tc.str)
			}
		})
	}
}

func TestUserAgentRoundTrip(t *testing.T) {
	for _, tc := range []struct{ ua, want string }{
		{Info{Version: "v1.2.3"}.UserAgent(), "v1.2.3"},
		{Info{Version: "dev"}.UserAgent(), "dev"},
		{"gatepost/v1.0.0 extra/1", "v1.0.0"},
		{"gatepost-terminal", ""}, // terminals before this version
		{"curl/8.0", ""},
		{"", ""},
		{"gatepost/v1\x00evil", ""},
		{"gatepost/" + strings.Repeat("9", 200), strings.Repeat("9", 64)},
	} {
		if got := VersionFromUserAgent(tc.ua); got != tc.want {
			t.Errorf("VersionFromUserAgent(%q) = %q, want %q", tc.ua, got, tc.want)
		}
	}
}

// TestLinkerVersion builds a program with -ldflags -X, as the release does,
// and checks the version reaches Get: a renamed variable would otherwise be
// ignored by the linker without a word.
func TestLinkerVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := filepath.Join(t.TempDir(), "v")
	cmd := exec.Command("go", "build", "-o", bin, "-ldflags", "-X gatepost/internal/buildinfo.version=v9.8.7", "./testdata/ldversion")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "v9.8.7" {
		t.Fatalf("version %q, want v9.8.7", out)
	}
}
