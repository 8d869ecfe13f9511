// Generated from solutions/cmd/demo/demo_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/cmd/demo/demo_test.go instead and regenerate; `course check` fails when the two drift.

package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day5-tcp/logging"
)

func TestDemoDay1ShowsTheEventPath(t *testing.T) {
	var out bytes.Buffer
	d := newDemo(&out, logging.LevelInfo)
	require.NoError(t, day1(d), out.String())
	log := out.String()
	for _, step := range []string{
		"net1: transmit type=ipv4",
		"irq: net1 raised its interrupt",
		"net1: input type=ipv4 len=15 → queued, softirq raised",
		"softirq: type=ipv4 len=15 from net1 → handler",
		`handler: got "hello, loopback" from net1`,
	} {
		assert.Contains(t, log, step)
	}
	assert.NotContains(t, log, "\x1b[", "output to a buffer is not coloured")
}
