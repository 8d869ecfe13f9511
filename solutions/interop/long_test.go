//camp:file 5

package interop_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/go-tcpip-camp/camp/solutions/internal/testmain"
	"github.com/stretchr/testify/require"
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

// buildCampd builds campd from this stage's own source, next to this
// package, into dir, and returns its path; or returns CAMP_CAMPD, if set:
// course check builds campd once for its run as an unprivileged user, who
// has no Go build cache.
func buildCampd(t *testing.T, dir string) string {
	t.Helper()
	if campd := os.Getenv("CAMP_CAMPD"); campd != "" {
		return campd
	}
	campd := filepath.Join(dir, "campd")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", campd, "../cmd/campd")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building campd: %s", out)
	return campd
}
