package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"gatepost/hub"
	"gatepost/hub/wire"
	"gatepost/store"
	"gatepost/syncer"
)

// joinCmd is `gatepost join`: point this terminal at its hub.
func (a *app) joinCmd() *cobra.Command {
	var hubURL, token, caFile string
	cmd := &cobra.Command{
		Use:   "join --hub URL --token TOKEN [--ca FILE]",
		Short: "Join this terminal to its hub (checked against the hub first)",
		Long: `join asks the hub whose token this is and stores the hub settings only when
the hub accepts it and it belongs to this very terminal (the facility id and
terminal name given to 'gatepost init'). The token comes from
'gatepost hub terminal add' on the hub.

With --ca, the hub's HTTPS certificate must chain to the CA certificate(s) in
FILE (PEM), the operator's own CA; the certificate is copied into the
terminal database. Joining starts sync over: the hub answers "duplicate" for
whatever it already holds.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if hubURL == "" || token == "" {
				return usageError("join needs --hub URL and --token TOKEN")
			}
			var ca []byte
			if caFile != "" {
				var err error
				if ca, err = os.ReadFile(caFile); err != nil {
					return fmt.Errorf("cannot read the CA file %s: %w", caFile, errors.Unwrap(err))
				}
			}
			st, err := a.open(cmd.Context(), true, true)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx, cancel := context.WithTimeout(cmd.Context(), 30*time.Second)
			defer cancel()
			j, err := syncer.Join(ctx, st, hubURL, strings.TrimSpace(token), ca, syncer.ClientOptions{})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.env.stdout, "joined %s as terminal %q of facility %s (%s)\n", hubURL, j.Terminal, j.Facility, j.FacilityName)
			if j.ClockSkew > wire.ClockSkewLimit || j.ClockSkew < -wire.ClockSkewLimit {
				fmt.Fprintf(a.env.stderr, "gatepost: warning: this terminal's clock is %v off the hub's; set the clock, the hub flags it\n",
					j.ClockSkew.Round(time.Second))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&hubURL, "hub", "", "hub URL, http://HOST:PORT or https://HOST:PORT (required)")
	cmd.Flags().StringVar(&token, "token", "", "this terminal's token, from 'gatepost hub terminal add' (required)")
	cmd.Flags().StringVar(&caFile, "ca", "", "CA certificate(s), PEM, that the hub's HTTPS certificate chains to")
	return cmd
}

// syncCmd is `gatepost sync`: one sync, for scripts.
func (a *app) syncCmd() *cobra.Command {
	var parked, retry bool
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Sync with the hub once: push pending records, pull what changed",
		Long: `sync pushes every record the hub has not answered yet, then pulls the
roster, passes and notices changed since the last sync, and prints what it
did. It exits 0 when nothing is pending afterwards, 1 otherwise — and 1
when the hub holds more of this terminal's chain than its database (a
restored older backup) or a second chain of it (a cloned disk): those need
the operator.

Records the hub rejected or holds in conflict are parked: they are not
pending any more, and --parked lists them with the hub's reasons. Once the
cause is dealt with at the hub, --retry-parked offers them again.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := a.open(ctx, true, true)
			if err != nil {
				return err
			}
			defer st.Close()
			if parked {
				return a.listParked(ctx, st)
			}
			if _, err := st.HubSettings(ctx); errors.Is(err, store.ErrNotJoined) {
				return &exitError{code: 1, err: errors.New("this terminal has not joined a hub: gatepost join --hub URL --token TOKEN")}
			}
			if retry {
				n, err := st.RetryParked(ctx)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.env.stdout, "%d parked records offered to the hub again\n", n)
			}
			res, err := syncer.Once(ctx, st)
			w := a.env.stdout
			if res.Refilled > 0 {
				fmt.Fprintf(w, "the hub holds this terminal's records only up to seq %d, fewer than it had answered (restored from a backup?): %d records sent again\n",
					res.RefillFrom, res.Refilled)
			}
			if res.HubAhead != 0 {
				fmt.Fprintf(a.env.stderr, "gatepost: the hub holds this terminal's records up to seq %d, more than this database (restored from an older backup?): do not record here, records saved now would fork the chain; see the README, \"Backups and restore\"\n",
					res.HubAhead)
			}
			if res.ForkSeq != 0 {
				fmt.Fprintf(a.env.stderr, "gatepost: the hub holds a second chain of this terminal from seq %d: a copy of this terminal pushes with the same token; the operator must re-provision the copy under a new terminal name (%s)\n",
					res.ForkSeq, hub.CleanLine(res.ForkReason))
			}
			if res.Skipped > 0 {
				fmt.Fprintf(w, "the hub already held %d records: not sent again\n", res.Skipped)
			}
			// A sync that stopped says what it did before it stopped, not
			// a row of zeros before the reason (a revoked token).
			if err == nil || res.Sent > 0 {
				fmt.Fprintf(w, "sent %d: %d stored, %d duplicate, %d conflict, %d rejected\n",
					res.Sent, res.Stored, res.Duplicate, res.Conflict, res.Rejected)
			}
			if err == nil || res.People+res.Passes+res.Notices+res.Plans > 0 {
				fmt.Fprintf(w, "pulled %d people, %d passes, %d notices, %d rotation plans\n", res.People, res.Passes, res.Notices, res.Plans)
			}
			if err != nil {
				return fmt.Errorf("sync stopped: %w", err)
			}
			fmt.Fprintf(w, "pending %d, parked %d\n", res.Pending, res.Parked)
			if res.Parked > 0 {
				fmt.Fprintln(a.env.stderr, "gatepost: some records are parked (rejected or in conflict at the hub): gatepost sync --parked")
			}
			if res.Pending > 0 {
				return &exitError{code: 1, err: fmt.Errorf("%d records still pending", res.Pending)}
			}
			// Nothing pending, and yet not fine: a script (a cron job, a
			// monitor) must not read a restored-older or cloned terminal
			// as synced.
			if res.HubAhead != 0 || res.ForkSeq != 0 {
				return &exitError{code: 1, err: errors.New("this terminal needs the operator (above)")}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&parked, "parked", false, "list the parked records with the hub's reasons, and do not sync")
	cmd.Flags().BoolVar(&retry, "retry-parked", false, "unpark the parked records and send them again")
	return cmd
}

func (a *app) listParked(ctx context.Context, st *store.Store) error {
	ps, err := st.ParkedRecords(ctx, 0)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		fmt.Fprintln(a.env.stdout, "no parked records")
		return nil
	}
	for _, p := range ps {
		// The reason is the hub's words: printed so that no escape sequence
		// in it can reach the terminal.
		fmt.Fprintf(a.env.stdout, "seq %d  %s  %s %s: %s\n", p.Seq, hub.CleanLine(p.ID), p.Status, hub.CleanLine(p.Code), hub.CleanLine(p.Reason))
	}
	return nil
}
