// Generated from solutions/udp/offload_internal_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/udp/offload_internal_test.go instead and regenerate; `course check` fails when the two drift.

package udp

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseVerifiedChecksAllButTheChecksum: parseVerified, for datagrams
// whose checksum the device vouched for, makes every check of Parse but
// the checksum's, and reads the same header and payload.
func TestParseVerifiedChecksAllButTheChecksum(t *testing.T) {
	for _, tt := range parseErrorCases {
		_, _, err := parseVerified(tt.dgram)
		if errors.Is(tt.want, ErrChecksum) {
			assert.NoError(t, err, "%s: the checksum is not parseVerified's to check", tt.name)
			continue
		}
		assert.ErrorIs(t, err, tt.want, tt.name)
	}
	checkParseVerifiedAgrees(t, goldenDatagram)
	checkParseVerifiedAgrees(t, append(bytes.Clone(goldenDatagram), 0, 0, 0))
}

// FuzzParseVerified: whatever the bytes, a datagram Parse accepts is read
// the same by parseVerified, and one parseVerified refuses is refused by
// Parse too.
func FuzzParseVerified(f *testing.F) {
	f.Add(goldenDatagram)
	for _, tt := range parseErrorCases {
		f.Add(tt.dgram)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkParseVerifiedAgrees(t, b)
	})
}

// checkParseVerifiedAgrees checks parseVerified against Parse on b.
func checkParseVerifiedAgrees(t *testing.T, b []byte) {
	t.Helper()
	h, payload, err := Parse(b, goldenSrc, goldenDst)
	vh, vpayload, verr := parseVerified(b)
	if verr != nil {
		require.Error(t, err, "parseVerified refuses (%v) a datagram Parse accepts", verr)
		return
	}
	if err != nil {
		require.ErrorIs(t, err, ErrChecksum, "Parse refuses a datagram parseVerified accepts, for another reason than the checksum")
		return
	}
	assert.Equal(t, h, vh, "the header")
	assert.Equal(t, payload, vpayload, "the payload")
}
