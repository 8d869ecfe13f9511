// Generated from solutions/internal/camptest/camptest_test.go by "go run ./tools/course gen".
// Learners: this is your copy — fill in its TODO(day2) parts. Course authors: edit
// solutions/internal/camptest/camptest_test.go instead and regenerate; `course check` fails when the two drift.

package camptest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLogBufferCountsRepeatedLines(t *testing.T) {
	var b syncBuffer
	fmt.Fprintf(&b, "INFO  ip      up\n")
	for range 1000 {
		fmt.Fprintf(&b, "INFO  stack   net1: type=ipv4 dropped by its handler: bad checksum\n")
	}
	fmt.Fprintf(&b, "INFO  ip      down\n")
	assert.Equal(t, "INFO  ip      up\n"+
		"INFO  stack   net1: type=ipv4 dropped by its handler: bad checksum\n"+
		"(the line above 999 more times)\n"+
		"INFO  ip      down\n", b.String(), "a thousand identical drops take two lines")
}

func TestLogBufferKeepsTheTail(t *testing.T) {
	var b syncBuffer
	for i := range 3 * keepLines {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	assert.Len(t, lines, keepLines)
	assert.Equal(t, fmt.Sprintf("line %d", 3*keepLines-1), lines[len(lines)-1], "the newest line last")
}
