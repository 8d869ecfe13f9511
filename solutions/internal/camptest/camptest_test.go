//camp:file solutions

package camptest

import (
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

func TestStormGuardTripsOnRepeatsOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := &recorder{TB: t}
		g := stormGuard{t: r, where: "a test wire", ipAt: 0}
		// An echo request answered by itself: the same datagram, each copy
		// with a new IPv4 Identification and so a new checksum.
		ping := []byte{0x45, 0, 0, 0x20, 0, 0, 0x40, 0, 0x40, 1, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1, 8, 0, 0x4a, 0x85, 0xd1, 0x99, 0, 1}
		passed := 0
		for i := range 3 * StormRepeats {
			ping[4], ping[5], ping[10] = byte(i>>8), byte(i), byte(i)
			if g.allow(ping) {
				passed++
			}
		}
		assert.Equal(t, StormRepeats, passed, "copies of one frame that pass at one instant")
		require.Len(t, r.errs, 1, "the storm fails the test once")
		assert.Contains(t, r.errs[0], "storm", "the failure says what happened")

		time.Sleep(time.Millisecond) // the clock moves: counting starts again
		assert.True(t, g.allow(ping), "the frame passes again once the clock moved")

		// A bulk transfer: many frames at one instant, all different.
		r.errs = nil
		seg := make([]byte, 100)
		for i := range 5 * StormRepeats {
			seg[40], seg[41] = byte(i>>8), byte(i)
			require.True(t, g.allow(seg), "different frames always pass")
		}
		assert.Empty(t, r.errs)
	})
}
