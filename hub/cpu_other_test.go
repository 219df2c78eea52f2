//go:build !unix

package hub_test

import (
	"testing"
	"time"
)

// processCPU is not read where there is no getrusage: the CPU metrics of
// BenchmarkSyncUnderLoad read 0 there.
func processCPU(*testing.B) time.Duration { return 0 }
