package config

import (
	"errors"
	"path/filepath"
	"runtime"
	"strings"
)

// DataDir returns the data directory when no --data flag is given, for the
// operating system the program runs on (see DataDirFor).
func DataDir(getenv func(string) string) (string, error) {
	return DataDirFor(runtime.GOOS, getenv)
}

// DataDirFor returns the default data directory on operating system goos:
// $GATEPOST_DATA when set; on Windows %LOCALAPPDATA%\gatepost, else
// %USERPROFILE%\AppData\Local\gatepost; elsewhere $XDG_DATA_HOME/gatepost
// (when absolute, as the XDG base directory specification requires), else
// $HOME/.local/share/gatepost.
//
// On Windows the local, not the roaming, application data folder: a
// terminal's database is years of records that belong to this PC and must
// not be copied to every PC the user signs in to. The folder lies in the
// user's profile, whose access list admits only that user, SYSTEM and the
// administrators: that is the protection there, since Windows ignores the
// Unix mode bits the database is created with (0600).
//
// goos is a parameter, and Windows paths are built by hand rather than with
// path/filepath, so that the Windows rules are tested on Linux too.
func DataDirFor(goos string, getenv func(string) string) (string, error) {
	if d := getenv(EnvData); d != "" {
		return d, nil
	}
	if goos == "windows" {
		if l := getenv("LOCALAPPDATA"); windowsAbs(l) {
			return windowsJoin(l, "gatepost"), nil
		}
		if u := getenv("USERPROFILE"); windowsAbs(u) {
			return windowsJoin(u, "AppData", "Local", "gatepost"), nil
		}
		return "", errors.New(`no data directory: give --data DIR or set ` + EnvData + ` (neither LOCALAPPDATA nor USERPROFILE is set)`)
	}
	if x := getenv("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "gatepost"), nil
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "gatepost"), nil
	}
	return "", errors.New("no data directory: give --data DIR or set " + EnvData)
}

// windowsAbs reports whether p is an absolute Windows path: a drive letter
// and a separator (C:\…), or a UNC path (\\server\share…).
func windowsAbs(p string) bool {
	if strings.HasPrefix(p, `\\`) || strings.HasPrefix(p, `//`) {
		return len(p) > 2
	}
	return len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') &&
		('a' <= p[0]|0x20 && p[0]|0x20 <= 'z')
}

// windowsJoin joins path elements with backslashes, without doubling the
// separator after a base that ends in one (C:\).
func windowsJoin(base string, elem ...string) string {
	return strings.TrimRight(base, `\/`) + `\` + strings.Join(elem, `\`)
}
