package main

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"gatepost/store"
)

// noticeCmd manages the day's instructions (§3 日部署) on a terminal: the
// hub delivers them by sync; a terminal without a hub imports them.
func (a *app) noticeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "notice import FILE | notice list",
		Short: "Import or list the daily notices (instructions) shown on the console's banner",
	}
	cmd.AddCommand(a.noticeImportCmd(), a.noticeListCmd())
	return cmd
}

func (a *app) noticeImportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Import notices from a CSV or JSON file (all or none)",
		Long: `import loads notices for a terminal that has no hub. FILE ("-" reads
standard input) is either

  CSV with a header row:  id,day,title,body
  JSON, an array of:      {"id": …, "day": …, "title": …, "body": …}

day is the date the notice is for (YYYY-MM-DD); title is required; id may be
left empty, and is then derived from the day and the title, so importing the
same file again changes nothing. A notice with an id already present replaces
it. Every unacknowledged notice of today shows on the console's banner until a
guard acknowledges it (F6, Notices).`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("notice import needs a file: gatepost notice import FILE")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			name := args[0]
			in, err := a.env.input(name)
			if err != nil {
				return err
			}
			defer in.Close()
			ns, problems, err := parseNotices(in, a.env.now())
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if len(problems) > 0 {
				fmt.Fprintf(a.env.stderr, "gatepost: %s: %d %s, nothing imported:\n", name, len(problems), plural(len(problems), "problem", "problems"))
				for _, p := range problems {
					fmt.Fprintf(a.env.stderr, "  %s\n", p)
				}
				return &exitError{code: 1, err: errors.New("bad notices"), silent: true}
			}
			st, err := a.open(ctx, true, true)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.PutNotices(ctx, ns); err != nil {
				return err
			}
			fmt.Fprintf(a.env.stdout, "imported %d %s from %s\n", len(ns), plural(len(ns), "notice", "notices"), name)
			return nil
		},
	}
}

// noticeRow is a notice as a file gives it.
type noticeRow struct {
	ID    string `json:"id"`
	Day   string `json:"day"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// parseNotices reads CSV or JSON (told apart by the first character) and
// checks every notice, returning every problem with its place.
func parseNotices(r io.Reader, now time.Time) ([]store.Notice, []string, error) {
	raw, err := io.ReadAll(io.LimitReader(r, 8<<20))
	if err != nil {
		return nil, nil, err
	}
	text := strings.TrimPrefix(string(raw), "\ufeff")
	var rows []noticeRow
	var where []string
	if t := strings.TrimSpace(text); strings.HasPrefix(t, "[") {
		if err := json.Unmarshal([]byte(t), &rows); err != nil {
			return nil, nil, fmt.Errorf("not a JSON array of notices: %w", err)
		}
		for i := range rows {
			where = append(where, fmt.Sprintf("notice %d", i+1))
		}
	} else {
		cr := csv.NewReader(strings.NewReader(text))
		cr.FieldsPerRecord = -1
		recs, err := cr.ReadAll()
		if err != nil {
			return nil, nil, err
		}
		if len(recs) == 0 {
			return nil, nil, errors.New("empty file")
		}
		col := map[string]int{}
		for i, h := range recs[0] {
			col[strings.ToLower(strings.TrimSpace(h))] = i
		}
		for _, need := range []string{"day", "title"} {
			if _, ok := col[need]; !ok {
				return nil, nil, fmt.Errorf("the header has no %q column (want id,day,title,body)", need)
			}
		}
		get := func(rec []string, name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		for i, rec := range recs[1:] {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			rows = append(rows, noticeRow{ID: get(rec, "id"), Day: get(rec, "day"), Title: get(rec, "title"), Body: get(rec, "body")})
			where = append(where, fmt.Sprintf("row %d", i+2))
		}
	}
	var out []store.Notice
	var problems []string
	seen := map[string]string{}
	for i, r := range rows {
		r.Title, r.Day, r.ID = strings.TrimSpace(r.Title), strings.TrimSpace(r.Day), strings.TrimSpace(r.ID)
		var bad []string
		if r.Title == "" {
			bad = append(bad, "title is empty")
		}
		if _, err := time.Parse(store.DayLayout, r.Day); err != nil {
			bad = append(bad, fmt.Sprintf("day %q is not YYYY-MM-DD", r.Day))
		}
		if r.ID == "" {
			sum := sha256.Sum256([]byte(r.Day + "\x00" + r.Title))
			r.ID = "N-" + hex.EncodeToString(sum[:6])
		}
		if prev, dup := seen[r.ID]; dup {
			bad = append(bad, fmt.Sprintf("id %s repeats %s", r.ID, prev))
		}
		seen[r.ID] = where[i]
		if len(bad) > 0 {
			problems = append(problems, where[i]+": "+strings.Join(bad, "; "))
			continue
		}
		out = append(out, store.Notice{ID: r.ID, Title: r.Title, Body: strings.TrimSpace(r.Body), Day: r.Day, PublishedAt: now})
	}
	if len(rows) == 0 {
		problems = append(problems, "no notices in the file")
	}
	return out, problems, nil
}

func (a *app) noticeListCmd() *cobra.Command {
	var day string
	cmd := &cobra.Command{
		Use:   "list [--date YYYY-MM-DD]",
		Short: "List a day's notices and who acknowledged them",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if day == "" {
				day = store.Day(a.env.now())
			} else if _, err := time.Parse(store.DayLayout, day); err != nil {
				return usageError("--date %q: want YYYY-MM-DD", day)
			}
			st, err := a.open(ctx, true, true)
			if err != nil {
				return err
			}
			defer st.Close()
			ns, err := st.DayNotices(ctx, day)
			if err != nil {
				return err
			}
			if len(ns) == 0 {
				fmt.Fprintf(a.env.stdout, "no notices for %s\n", day)
				return nil
			}
			for _, n := range ns {
				state := "NOT ACKNOWLEDGED"
				if n.Acked {
					state = "acknowledged by " + n.AckedBy + " at " + n.AckedAt.Format("15:04")
				}
				fmt.Fprintf(screenSafe{a.env.stdout}, "%s  %s  %s\n  %s\n", n.ID, n.Title, state, strings.ReplaceAll(n.Body, "\n", "\n  "))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&day, "date", "", "the day, YYYY-MM-DD (default today)")
	return cmd
}
