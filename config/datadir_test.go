package config

import "testing"

func TestDataDirFor(t *testing.T) {
	tests := []struct {
		name, goos string
		env        func(string) string
		want       string
		err        bool
	}{
		{"windows LOCALAPPDATA", "windows",
			env("LOCALAPPDATA", `C:\Users\zhang\AppData\Local`, "USERPROFILE", `C:\Users\zhang`, "HOME", "/home/x"),
			`C:\Users\zhang\AppData\Local\gatepost`, false},
		{"windows trailing separator", "windows", env("LOCALAPPDATA", `D:\`), `D:\gatepost`, false},
		{"windows forward slashes", "windows", env("LOCALAPPDATA", `C:/Users/li/AppData/Local`), `C:/Users/li/AppData/Local\gatepost`, false},
		{"windows UNC profile", "windows", env("LOCALAPPDATA", `\\fs01\profiles\wang\AppData\Local`),
			`\\fs01\profiles\wang\AppData\Local\gatepost`, false},
		{"windows without LOCALAPPDATA", "windows", env("USERPROFILE", `C:\Users\zhang`),
			`C:\Users\zhang\AppData\Local\gatepost`, false},
		{"windows relative LOCALAPPDATA ignored", "windows", env("LOCALAPPDATA", `AppData`, "USERPROFILE", `C:\Users\a`),
			`C:\Users\a\AppData\Local\gatepost`, false},
		// XDG and HOME mean nothing to a Windows program: the issue's
		// "no data directory" came from relying on them there.
		{"windows ignores XDG and HOME", "windows", env("XDG_DATA_HOME", "/x", "HOME", "/home/a"), "", true},
		{"windows nothing", "windows", env(), "", true},
		{"windows GATEPOST_DATA wins", "windows", env("GATEPOST_DATA", `E:\gp`, "LOCALAPPDATA", `C:\L`), `E:\gp`, false},
		{"linux XDG", "linux", env("XDG_DATA_HOME", "/x", "LOCALAPPDATA", `C:\L`), "/x/gatepost", false},
		{"linux HOME", "linux", env("HOME", "/home/a", "LOCALAPPDATA", `C:\L`), "/home/a/.local/share/gatepost", false},
		{"darwin HOME", "darwin", env("HOME", "/Users/a"), "/Users/a/.local/share/gatepost", false},
		{"linux nothing", "linux", env("LOCALAPPDATA", `C:\L`), "", true},
	}
	for _, tt := range tests {
		got, err := DataDirFor(tt.goos, tt.env)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("%s: DataDirFor = %q, %v; want %q (err %v)", tt.name, got, err, tt.want, tt.err)
		}
	}
}

func TestWindowsAbs(t *testing.T) {
	for p, want := range map[string]bool{
		`C:\`: true, `c:/x`: true, `\\srv\share`: true, `C:`: false, `C:x`: false, `\x`: false,
		`x\y`: false, ``: false, `\\`: false, `1:\x`: false,
	} {
		if got := windowsAbs(p); got != want {
			t.Errorf("windowsAbs(%q) = %v, want %v", p, got, want)
		}
	}
}
