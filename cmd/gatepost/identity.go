package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/identity"
	"gatepost/record"
	"gatepost/store"
)

// identityExport is `gatepost export --identities`: the identity registry
// (§15), one identity a line, masked (gate.MaskID) unless an admin asks for
// it unmasked, which leaves an identity.export record first.
type identityExport struct {
	unmasked bool
	admin    string
	reason   string
}

// identityRow is one exported identity.
type identityRow struct {
	Ref      string `json:"ref"`
	Category string `json:"category"`
	identity.Fields
	LastSeen string `json:"last_seen"`
	Erased   string `json:"erased,omitempty"`
}

var identityCSVHeader = []string{"ref", "category", "id_number", "name", "phone", "unit", "visiting", "plate", "last_seen", "erased"}

// authorise checks the admin's PIN (the first line of stdin) and writes the
// identity.export record; nothing unmasked is written without that record.
func (x identityExport) authorise(ctx context.Context, a *app, st *store.Store, rows int) error {
	if x.admin == "" || strings.TrimSpace(x.reason) == "" {
		return usageError("--unmasked needs --admin BADGE and --reason TEXT, and the admin's PIN on standard input")
	}
	line, err := bufio.NewReader(io.LimitReader(a.env.stdin, 256)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	g, err := auth.SignIn(ctx, st, x.admin, strings.TrimRight(line, "\r\n"), a.env.now())
	if err != nil {
		return fmt.Errorf("unmasked export refused: %w", err)
	}
	if g.Role != gate.RoleAdmin {
		return fmt.Errorf("unmasked export refused: %s is a %s; only an admin may export ID numbers in full", g.Badge, g.Role)
	}
	_, err = st.Append(ctx, store.Draft{Kind: record.IdentityExport, Guard: g.Badge,
		Body: record.IdentityExportBody{Rows: rows, Reason: strings.TrimSpace(x.reason)}})
	return err
}

func (x identityExport) write(ctx context.Context, a *app, st *store.Store, w io.Writer, format string) error {
	rows, err := st.AllIdentities(ctx)
	if err != nil {
		return err
	}
	if x.unmasked {
		if err := x.authorise(ctx, a, st, len(rows)); err != nil {
			return err
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var cw *csv.Writer
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if format == "csv" {
		cw = csv.NewWriter(bw)
		if err := cw.Write(identityCSVHeader); err != nil {
			return err
		}
	}
	for _, r := range rows {
		f := r.Fields
		if !x.unmasked {
			f = f.Masked()
		}
		out := identityRow{Ref: r.Ref, Category: string(r.Category), Fields: f, LastSeen: r.LastSeen, Erased: r.Erased}
		if cw == nil {
			if err := enc.Encode(out); err != nil {
				return err
			}
			continue
		}
		if err := cw.Write([]string{out.Ref, out.Category, f.IDNumber, f.Name, f.Phone, f.Unit, f.Visiting, f.Plate, out.LastSeen, out.Erased}); err != nil {
			return err
		}
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
	}
	return bw.Flush()
}
