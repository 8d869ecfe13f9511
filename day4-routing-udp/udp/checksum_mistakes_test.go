// Generated from solutions/udp/checksum_mistakes_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 4 — write its TODOs here. Course authors: edit
// solutions/udp/checksum_mistakes_test.go instead and regenerate; `course check` fails when the two drift.

package udp

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day4-routing-udp/todo"
)

// Tests for Day 4's checksum mistakes (docs/day4-routing-udp.md, "Common
// mistakes"). The helpers are in header_test.go.

func TestParseDoesNotCheckAZeroChecksum(t *testing.T) {
	todo.Covers(t, 4, "udp-checksum")
	d := rawDatagram([]byte("sent without a checksum")...)
	require.Equal(t, []byte{0, 0}, d[6:8], "Checksum field of the datagram")
	h, payload, err := Parse(d, goldenSrc, goldenDst)
	require.NoError(t, err, "a Checksum field of 0 means the sender computed none (RFC 768): nothing to check")
	assert.Equal(t, uint16(0), h.Checksum, "Checksum")
	assert.Equal(t, "sent without a checksum", string(payload), "payload")
}

func TestParseWantsAllOnesForAZeroSum(t *testing.T) {
	todo.Covers(t, 4, "udp-checksum")
	data := zeroSumData(t)
	d := rawDatagram(data...)
	d[6], d[7] = 0xff, 0xff
	_, _, err := Parse(d, goldenSrc, goldenDst)
	require.NoError(t, err, "Checksum 0xffff for a datagram whose checksum computes to 0: RFC 768 sends 0 as 0xffff")
	bad := bytes.Clone(d)
	bad[7] = 0xfe
	_, _, err = Parse(bad, goldenSrc, goldenDst)
	assert.ErrorIs(t, err, ErrChecksum, "Checksum 0xfffe for the same datagram")
}
