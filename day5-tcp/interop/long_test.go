// Generated from solutions/interop/long_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/interop/long_test.go instead and regenerate; `course check` fails when the two drift.

package interop_test

import (
	"testing"

	"github.com/go-tcpip-camp/camp/day5-tcp/internal/testmain"
)

// skipWhileTODOsOpen skips a long transfer (tens of megabytes, a flood, a
// lossy link) while the day folder this test belongs to still has an open
// TODO. Such a test proves a finished stack; on an unfinished one it could
// only wait out its timeouts, while the short tests of the same file
// already say, within seconds, which TODO keeps the stack from answering.
// In solutions/ and in a finished day folder nothing is open, so it runs.
func skipWhileTODOsOpen(t *testing.T) {
	t.Helper()
	stubs, _, err := testmain.OpenStubs(testmain.PlaceOf(".").Day)
	if err != nil || len(stubs) == 0 {
		return
	}
	next := stubs[0]
	t.Skipf("a long transfer: it runs once the day's TODOs are written (%d open; next TODO(day%d) %s %s at %s:%d)",
		len(stubs), next.Day, next.StepName(), next.ID, next.File, next.Line)
}
