//camp:file 6

package tcp

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/go-tcpip-camp/camp/solutions/seqnum"
)

func TestSYNCookieEncodeDecode(t *testing.T) {
	key := []byte("a secret of the stack, 32 bytes!")
	tuple := fourTuple{local: netip.MustParseAddrPort("192.0.2.2:80"), remote: netip.MustParseAddrPort("192.0.2.1:40000")}
	const isn = seqnum.Value(123456789)
	made := time.Date(2026, 1, 1, 0, 0, 10, 0, time.UTC)
	for idx := range cookieMSS {
		cookie := makeCookie(key, tuple, isn, made, idx)
		got, ok := checkCookie(key, tuple, isn, cookie, made)
		if assert.True(t, ok, "a cookie checked when it was made (MSS index %d) is valid", idx) {
			assert.Equal(t, idx, got, "the MSS index the cookie carries")
		}
	}
	cookie := makeCookie(key, tuple, isn, made, 3)
	valid := func(key []byte, tuple fourTuple, isn, cookie seqnum.Value, at time.Time) bool {
		_, ok := checkCookie(key, tuple, isn, cookie, at)
		return ok
	}
	assert.True(t, valid(key, tuple, isn, cookie, made.Add(cookieStep)), "one counter step later the cookie is still valid")
	assert.False(t, valid(key, tuple, isn, cookie, made.Add(2*cookieStep)), "two counter steps later the cookie has expired")
	assert.False(t, valid(key, tuple, isn, cookie, made.Add(4*cookieStep)), "four steps later (the same slot bits) the cookie has expired")
	assert.False(t, valid([]byte("another stack's secret, 32 bytes"), tuple, isn, cookie, made), "a cookie of another key is refused")
	other := tuple
	other.remote = netip.MustParseAddrPort("192.0.2.1:40001")
	assert.False(t, valid(key, other, isn, cookie, made), "a cookie for another four-tuple (port 40001) is refused")
	other.remote = netip.MustParseAddrPort("192.0.2.9:40000")
	assert.False(t, valid(key, other, isn, cookie, made), "a cookie for another four-tuple (address 192.0.2.9) is refused")
	assert.False(t, valid(key, tuple, isn+1, cookie, made), "a cookie for another client ISN is refused")
	assert.False(t, valid(key, tuple, isn, cookie^1<<28, made), "a cookie whose MSS index was changed is refused")
	assert.False(t, valid(key, tuple, isn, cookie^1, made), "a cookie with one bit of its MAC changed is refused")
}
