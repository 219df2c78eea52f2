// Package buildinfo says which build of gatepost is running: its version,
// the commit and time it was built from, and the Go release that built it.
//
// The version comes from the linker (-ldflags "-X gatepost/internal/buildinfo.version=v1.2.3",
// as the release build and `make build` set it); everything else comes from
// the build information the go command embeds (runtime/debug.ReadBuildInfo),
// so a plain `go build` still reports its commit, time and toolchain.
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
)

// Set by the linker: -X gatepost/internal/buildinfo.version=…, and for a
// build outside git (a source archive) commit and date too.
var (
	version string
	commit  string
	date    string
)

// Info describes one build.
type Info struct {
	Version   string // "v1.2.3", or "dev" for an unreleased build
	Commit    string // full git commit, "" when unknown
	Modified  bool   // built from a work tree with uncommitted changes
	Date      string // commit time (RFC 3339, UTC), "" when unknown
	GoVersion string // "go1.27.3"
	Platform  string // "linux/arm64"
}

// Dev is the version of a build made without a release version.
const Dev = "dev"

var (
	once sync.Once
	info Info
)

// Get returns the running build's Info.
func Get() Info {
	once.Do(func() {
		bi, _ := debug.ReadBuildInfo()
		info = resolve(version, commit, date, bi)
	})
	return info
}

// resolve merges the linker's values with the embedded build information;
// the linker's win, since a release build states them on purpose.
func resolve(ldVersion, ldCommit, ldDate string, bi *debug.BuildInfo) Info {
	in := Info{Version: strings.TrimSpace(ldVersion), Commit: known(ldCommit), Date: known(ldDate),
		GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		if bi.GoVersion != "" {
			in.GoVersion = bi.GoVersion
		}
		var goos, goarch string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if in.Commit == "" {
					in.Commit = s.Value
				}
			case "vcs.time":
				if in.Date == "" {
					in.Date = s.Value
				}
			case "vcs.modified":
				in.Modified = s.Value == "true"
			case "GOOS":
				goos = s.Value
			case "GOARCH":
				goarch = s.Value
			}
		}
		if goos != "" && goarch != "" {
			in.Platform = goos + "/" + goarch
		}
		// `go install gatepost@v1.2.3` stamps the module version itself.
		if in.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			in.Version = bi.Main.Version
		}
	}
	if in.Version == "" {
		in.Version = Dev
	}
	return in
}

// known drops the placeholders release tools pass when they know no
// commit (goreleaser's snapshot of an untagged repository says "none", and
// dates it 0001-01-01), so
// that the build's own stamps are used instead.
func known(s string) string {
	switch s = strings.TrimSpace(s); {
	case s == "none", s == "unknown", s == "<no value>",
		strings.HasPrefix(s, "0001-01-01"): // a zero time.Time, formatted
		return ""
	}
	return s
}

// ShortCommit is the commit's first 12 hex digits, with "+dirty" when the
// work tree had changes; "unknown" when there is no commit.
func (i Info) ShortCommit() string {
	c := i.Commit
	if c == "" {
		return "unknown"
	}
	if len(c) > 12 {
		c = c[:12]
	}
	if i.Modified {
		c += "+dirty"
	}
	return c
}

// UserAgent is the User-Agent a terminal sends the hub: "gatepost/v1.2.3".
// It carries the version only, so the hub can tell terminals apart without
// learning more of them than it needs.
func (i Info) UserAgent() string { return "gatepost/" + i.Version }

// String is the one-line form `gatepost --version` prints.
func (i Info) String() string {
	d := i.Date
	if d == "" {
		d = "unknown"
	}
	return fmt.Sprintf("gatepost %s (commit %s, built %s, %s, %s)", i.Version, i.ShortCommit(), d, i.GoVersion, i.Platform)
}

// VersionFromUserAgent reads the version out of a User-Agent that
// UserAgent made ("gatepost/v1.2.3", possibly followed by other products).
// It returns "" for any other client, and never more than 64 bytes of
// printable ASCII, since the value is stored and shown on the dashboard.
func VersionFromUserAgent(ua string) string {
	ua = strings.TrimSpace(ua)
	rest, ok := strings.CutPrefix(ua, "gatepost/")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, " \t"); i >= 0 {
		rest = rest[:i]
	}
	if len(rest) > 64 {
		rest = rest[:64]
	}
	for _, r := range rest {
		if r <= ' ' || r > '~' {
			return ""
		}
	}
	return rest
}
