//camp:file solutions

package logging_test

import (
	"os"
	"testing"

	"github.com/go-tcpip-camp/camp/solutions/internal/testmain"
)

// TestMain keeps a plain `go test` of this package short: the failing tests
// grouped by the TODO stub they ran into (see package testmain). -v and
// -json print everything as usual.
func TestMain(m *testing.M) { os.Exit(testmain.Run(m)) }
