// Generated from solutions/userns/main_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/userns/main_test.go instead and regenerate; `course check` fails when the two drift.

package userns

import (
	"os"
	"testing"

	"github.com/go-tcpip-camp/camp/day5-tcp/internal/testmain"
)

// TestMain keeps a plain `go test` of this package short: the failing tests
// grouped by the TODO stub they ran into (see package testmain). -v and
// -json print everything as usual.
func TestMain(m *testing.M) { os.Exit(testmain.Run(m)) }
