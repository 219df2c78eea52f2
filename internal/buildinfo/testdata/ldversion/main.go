// Command ldversion prints the version buildinfo resolves; the package's
// test builds it with -ldflags -X as the release does.
package main

import (
	"fmt"

	"gatepost/internal/buildinfo"
)

func main() { fmt.Print(buildinfo.Get().Version) }
