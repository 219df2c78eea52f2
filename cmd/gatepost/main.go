// Command gatepost is the guard-post console of a closed facility and its
// administration commands: init, demo, import, export, verify and config.
// Every command works on one terminal database, DIR/terminal.db, where DIR
// is --data, else $GATEPOST_DATA, else $XDG_DATA_HOME/gatepost, else
// ~/.local/share/gatepost.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], newEnv())
	stop()
	os.Exit(code)
}
