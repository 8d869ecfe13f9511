// Generated from solutions/ipv4/quote_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/ipv4/quote_test.go instead and regenerate; `course check` fails when the two drift.

package ipv4

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A quote as an ICMP error carries it: the golden echo request's header
// and the first 8 bytes of its payload (the ICMP header), no more.
func goldenQuote() []byte { return clone(goldenEchoRequest[:28]) }

func TestParseQuoteGolden(t *testing.T) {
	h, payload, err := ParseQuote(goldenQuote())
	require.NoError(t, err)
	assert.Equal(t, 20, h.HeaderLen, "HeaderLen")
	assert.Equal(t, uint16(84), h.TotalLen, "TotalLen: the length of the datagram quoted, not of the quote")
	assert.Equal(t, ProtocolICMP, h.Protocol, "Protocol")
	assert.Equal(t, netip.MustParseAddr("127.0.0.1"), h.Src, "Src")
	assert.Equal(t, netip.MustParseAddr("127.0.0.1"), h.Dst, "Dst")
	assert.Equal(t, goldenEchoRequest[20:28], payload, "payload: the 8 quoted bytes of the ICMP header")

	// A router may have changed the TTL and not the checksum: the quote
	// is taken all the same.
	q := goldenQuote()
	q[8]--
	_, _, err = ParseQuote(q)
	assert.NoError(t, err, "a quote whose header checksum no longer matches")
}

func TestParseQuoteErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		quote func() []byte
		want  error
	}{
		{"shorter than a header", func() []byte { return goldenQuote()[:19] }, ErrTooShort},
		{"not version 4", func() []byte { q := goldenQuote(); q[0] = 0x65; return q }, ErrVersion},
		{"IHL below 5", func() []byte { q := goldenQuote(); q[0] = 0x44; return q }, ErrHeaderLen},
		{"no 8 bytes after the header", func() []byte { return goldenQuote()[:27] }, ErrHeaderLen},
		{"IHL 15 in a quote of 28 bytes", func() []byte { q := goldenQuote(); q[0] = 0x4f; return q }, ErrHeaderLen},
		{"a total length shorter than what is quoted", func() []byte { q := goldenQuote(); q[2], q[3] = 0, 24; return q }, ErrTotalLen},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ParseQuote(tc.quote())
			assert.True(t, errors.Is(err, tc.want), "ParseQuote's error %v wraps %v", err, tc.want)
		})
	}
}

// FuzzParseQuote feeds ParseQuote any bytes: it must never panic, and a
// quote it accepts holds a whole header and at least 8 bytes after it.
//
//	go test -fuzz=FuzzParseQuote ./solutions/ipv4
func FuzzParseQuote(f *testing.F) {
	f.Add(goldenQuote())
	f.Add(goldenEchoRequest)
	f.Add(goldenQuote()[:27])
	f.Add([]byte{0x4f})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, payload, err := ParseQuote(b)
		if err != nil {
			return
		}
		require.GreaterOrEqual(t, h.HeaderLen, MinHeaderLen, "HeaderLen")
		require.Equal(t, b[h.HeaderLen:], payload, "the payload is what follows the header")
		require.GreaterOrEqual(t, len(payload), QuoteTransportLen, "at least 8 bytes after the header")
		require.GreaterOrEqual(t, int(h.TotalLen), h.HeaderLen+QuoteTransportLen, "TotalLen")
	})
}
