// Generated from solutions/cmd/demo/demo5_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/cmd/demo/demo5_test.go instead and regenerate; `course check` fails when the two drift.

package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/todo"
)

// TestDemoLadders runs the demo's -ladder part in fake time and checks
// that each scene drew what it stages.
func TestDemoLadders(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		d := newDemo(&out, logging.LevelWarn)
		err := ladders(d)
		var stub *todo.Error
		if errors.As(err, &stub) {
			t.Skipf("the ladders need a working TCP: %v", stub)
		}
		if !assert.NoError(t, err, "the -ladder demo\n%s", out.String()) {
			return
		}
		log := out.String()
		scenes := strings.Split(log, "━━ ")
		if !assert.Len(t, scenes, 5, "four scenes, each under a title\n%s", log) {
			return
		}
		for i, want := range [][]string{
			{"SYN SEQ=0", "SYN,ACK SEQ=0 ACK=1", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED"},
			{"✗ lost", "(retransmission)", "LEN=7"},
			{"FIN-WAIT-1", "CLOSE-WAIT", "LAST-ACK", "FIN-WAIT-2", "CLOSED"},
			{"FIN-WAIT-1", "CLOSING", "CLOSED"},
		} {
			for _, w := range want {
				assert.Contains(t, scenes[i+1], w, "scene %d of the -ladder demo", i+1)
			}
		}
		// In a simultaneous close each end acknowledges the other's FIN: no
		// FIN is sent twice, and nobody is reset.
		assert.NotContains(t, scenes[4], "(retransmission)", "scene 4: a FIN sent again: its ACK never came")
		assert.NotContains(t, scenes[4], "RST", "scene 4: a reset")
		assert.Contains(t, scenes[3], "TIME-WAIT", "the active closer waits 2×MSL")
		assert.Contains(t, scenes[4], "TIME-WAIT", "both ends of a simultaneous close wait 2×MSL")
		assert.NotContains(t, log, "\x1b[", "output to a buffer is not coloured")
		for _, line := range strings.Split(log, "\n") {
			assert.LessOrEqual(t, utf8.RuneCountInString(line), 80, "a line of the -ladder demo is wider than 80 columns: %q", line)
		}
	})
}
