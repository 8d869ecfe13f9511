//camp:file 6

package icmp_test

import (
	"net/netip"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/ipv4"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// ICMP errors about our UDP and TCP datagrams reach the protocol that sent
// them (deliver.go): these tests stand in for UDP with an error handler of
// their own and check what the ICMP layer makes of each message.

// udpQuote builds, with gopacket, the start of a UDP datagram from src:5353
// to 192.0.2.1:53 of totalLen bytes, as an ICMP error quotes it (the header
// and 8 bytes).
func udpQuote(t *testing.T, src netip.Addr, totalLen int) []byte {
	t.Helper()
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Flags: layers.IPv4DontFragment, Protocol: layers.IPProtocolUDP, SrcIP: src.AsSlice(), DstIP: peer.AsSlice()}
	u := &layers.UDP{SrcPort: 5353, DstPort: 53}
	require.NoError(t, u.SetNetworkLayerForChecksum(ip))
	d := camptest.Serialize(t, ip, u, gopacket.Payload(make([]byte, totalLen-28)))
	return d[:28]
}

// icmpError builds, with gopacket, an ICMP error from the peer to us.
func icmpError(t *testing.T, typ, code uint8, mtu uint16, quote []byte) []byte {
	t.Helper()
	return camptest.Serialize(t,
		&layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolICMPv4, SrcIP: peer.AsSlice(), DstIP: us.AsSlice()},
		&layers.ICMPv4{TypeCode: layers.CreateICMPv4TypeCode(typ, code), Seq: mtu},
		gopacket.Payload(quote))
}

// catchErrors registers an error handler for UDP and returns what it got.
func catchErrors(t *testing.T, ip *ipv4.Layer) func() []ipv4.ControlError {
	t.Helper()
	var mu sync.Mutex
	var got []ipv4.ControlError
	require.NoError(t, ip.RegisterErrorHandler(ipv4.ProtocolUDP, func(e ipv4.ControlError) {
		mu.Lock()
		got = append(got, e)
		mu.Unlock()
	}))
	return func() []ipv4.ControlError {
		synctest.Wait()
		mu.Lock()
		defer mu.Unlock()
		out := got
		got = nil
		return out
	}
}

func TestICMPErrorsReachTheQuotedProtocol(t *testing.T) {
	for _, tc := range []struct {
		name       string
		typ, code  uint8
		mtu        uint16
		totalLen   int
		wantErrno  syscall.Errno
		wantHard   bool
		wantMTU    int
		wantInText string
	}{
		{"port unreachable is hard", 3, 3, 0, 100, syscall.ECONNREFUSED, true, 0, "port-unreachable"},
		{"protocol unreachable is hard", 3, 2, 0, 100, syscall.ENOPROTOOPT, true, 0, "protocol-unreachable"},
		{"admin prohibited is hard", 3, 13, 0, 100, syscall.EHOSTUNREACH, true, 0, "admin-prohibited"},
		{"net unreachable is soft", 3, 0, 0, 100, syscall.ENETUNREACH, false, 0, "net-unreachable"},
		{"host unreachable is soft", 3, 1, 0, 100, syscall.EHOSTUNREACH, false, 0, "host-unreachable"},
		{"time exceeded is soft", 11, 0, 0, 100, syscall.EHOSTUNREACH, false, 0, "ttl-exceeded"},
		{"parameter problem is soft", 12, 0, 0, 100, syscall.EPROTO, false, 0, "parameter problem"},
		{"fragmentation needed carries the MTU", 3, 4, 1000, 1500, syscall.EMSGSIZE, false, 1000, "fragmentation-needed"},
		{"fragmentation needed from an old router: the plateau below 1500", 3, 4, 0, 1500, syscall.EMSGSIZE, false, 1492, "fragmentation-needed"},
		{"fragmentation needed from an old router: the plateau below 1006", 3, 4, 0, 1006, syscall.EMSGSIZE, false, 508, "fragmentation-needed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ic, ip, probe := setup(t)
				errs := catchErrors(t, ip)
				probe.Inject(stack.ProtocolIPv4, icmpError(t, tc.typ, tc.code, tc.mtu, udpQuote(t, us, tc.totalLen)))
				got := errs()
				require.Len(t, got, 1, "the error reaches UDP's error handler")
				e := got[0]
				assert.ErrorIs(t, e.Err, tc.wantErrno, "Err wraps the errno a kernel socket reports")
				assert.Contains(t, e.Err.Error(), tc.wantInText, "Err names the message")
				assert.Equal(t, tc.wantHard, e.Hard, "Hard (RFC 1122 §4.2.3.9)")
				assert.Equal(t, tc.wantMTU, e.MTU, "MTU")
				assert.Equal(t, peer, e.From, "From: who sent the error")
				assert.Equal(t, us, e.Quoted.Src, "Quoted.Src: our datagram's source")
				assert.Equal(t, peer, e.Quoted.Dst, "Quoted.Dst")
				require.GreaterOrEqual(t, len(e.Transport), 8, "Transport: the quoted UDP header")
				assert.Equal(t, []byte{0x14, 0xe9, 0x00, 0x35}, e.Transport[:4], "Transport: the ports, 5353 and 53")
				assert.Zero(t, ic.Stats().InErrors, "Stats().InErrors")
			})
		})
	}
}

// A quote that is not the start of a datagram we sent is dropped and
// counted: cut short, not IPv4, or from an address that is not ours (a
// forged error, or one that went astray).
func TestBadQuotesAreDroppedAndCounted(t *testing.T) {
	good := func(t *testing.T) []byte { return udpQuote(t, us, 100) }
	for _, tc := range []struct {
		name  string
		quote func(t *testing.T) []byte
	}{
		{"shorter than a header", func(t *testing.T) []byte { return good(t)[:12] }},
		{"a header but not 8 bytes after it", func(t *testing.T) []byte { return good(t)[:24] }},
		{"not version 4", func(t *testing.T) []byte { q := good(t); q[0] = 0x65; return q }},
		{"IHL 15 in 28 bytes", func(t *testing.T) []byte { q := good(t); q[0] = 0x4f; return q }},
		{"the source is not ours", func(t *testing.T) []byte { return udpQuote(t, netip.MustParseAddr("192.0.2.77"), 100) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ic, ip, probe := setup(t)
				errs := catchErrors(t, ip)
				probe.Inject(stack.ProtocolIPv4, icmpError(t, 3, 3, 0, tc.quote(t)))
				assert.Empty(t, errs(), "the error reaches no protocol")
				assert.Equal(t, uint64(1), ic.Stats().InErrors, "Stats().InErrors")
			})
		})
	}
}

// Source Quench is deprecated (RFC 6633): ignored, and not counted as an
// error in the message either.
func TestSourceQuenchIsIgnored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ic, ip, probe := setup(t)
		errs := catchErrors(t, ip)
		probe.Inject(stack.ProtocolIPv4, icmpError(t, 4, 0, 0, udpQuote(t, us, 100)))
		assert.Empty(t, errs(), "a source quench reaches no protocol")
		assert.Zero(t, ic.Stats().InErrors, "Stats().InErrors")
	})
}
