package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeOut writes what write produces to path, or to stdout when path is
// "" or "-". A file is written beside its final name and renamed into
// place, so a failed run never leaves half a document where the last good
// one was.
func (a *app) writeOut(path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(a.env.stdout)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("-o %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // a no-op once renamed
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("-o %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("-o %s: %w", path, err)
	}
	return nil
}

// binaryFormat reports whether a format is a file a terminal cannot show.
func binaryFormat(f string) bool { return f == "docx" || f == "xlsx" }
