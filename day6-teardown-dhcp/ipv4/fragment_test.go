// Generated from solutions/ipv4/fragment_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/ipv4/fragment_test.go instead and regenerate; `course check` fails when the two drift.

package ipv4_test

import (
	"fmt"
	"net/netip"
	"testing"
	"testing/synctest"

	"github.com/google/gopacket"
	"github.com/google/gopacket/ip4defrag"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ipv4"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/todo"
)

// defrag decodes the frames the stack sent with gopacket and reassembles
// them with gopacket's ip4defrag: an independent oracle. It fails the test
// unless they make exactly one whole datagram.
func defrag(t *testing.T, frames []camptest.Frame) *layers.IPv4 {
	t.Helper()
	d := ip4defrag.NewIPv4Defragmenter()
	var whole *layers.IPv4
	for i, f := range frames {
		ip := camptest.DecodeIPv4(t, f.Data).NetworkLayer().(*layers.IPv4)
		out, err := d.DefragIPv4(ip)
		require.NoError(t, err, "gopacket's ip4defrag refuses fragment %d (%v)", i, ip.Flags)
		if out != nil {
			require.Nil(t, whole, "fragment %d of %d completes a second datagram", i, len(frames))
			whole = out
		}
	}
	require.NotNil(t, whole, "gopacket's ip4defrag could not reassemble the %d frames the stack sent", len(frames))
	return whole
}

func TestOutputFragmentsWhatDoesNotFit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ip, probe, _ := setup(t)
		payload := payloadOf(5, 4000)
		require.NoError(t, ip.Output(testProto, payload, netip.Addr{}, peer), "4,000 bytes on a 1,500-byte MTU")
		sent := probe.Sent()
		require.Len(t, sent, 3, "fragments of 1,480, 1,480 and 1,040 bytes of data")

		type frag struct {
			Len, Offset int
			Flags       string
		}
		var got []frag
		ids := map[uint16]bool{}
		for _, f := range sent {
			h := camptest.DecodeIPv4(t, f.Data).NetworkLayer().(*layers.IPv4) // checks the header checksum of each
			got = append(got, frag{int(h.Length), int(h.FragOffset) * 8, h.Flags.String()})
			ids[h.Id] = true
			assert.LessOrEqual(t, len(f.Data), camptest.ProbeMTU, "every fragment fits the MTU")
		}
		assert.Equal(t, []frag{{1500, 0, "MF"}, {1500, 1480, "MF"}, {1060, 2960, ""}}, got,
			"each fragment's Total Length, offset in bytes (the field counts 8-byte units) and flags")
		assert.Len(t, ids, 1, "the fragments of one datagram share its Identification")

		whole := defrag(t, sent)
		assert.Equal(t, payload, []byte(whole.Payload), "gopacket's reassembly gives back the payload")
		assert.Equal(t, testProto, ipv4.Protocol(whole.Protocol), "protocol")
		st := ip.Stats()
		assert.Equal(t, uint64(1), st.FragOKs, "Stats().FragOKs: datagrams fragmented")
		assert.Equal(t, uint64(3), st.FragCreates, "Stats().FragCreates: fragments sent")
	})
}

func TestOutputNeverFragmentsTCP(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ip, probe, _ := setup(t)
		err := ip.Output(ipv4.ProtocolTCP, make([]byte, 3000), netip.Addr{}, peer)
		require.ErrorIs(t, err, ipv4.ErrMessageTooLong, "a TCP segment over the MTU: EMSGSIZE")
		assert.ErrorIs(t, err, ipv4.ErrTooBig)
		assert.Empty(t, probe.Sent(), "nothing is sent")
		assert.Equal(t, uint64(1), ip.Stats().FragFails, "Stats().FragFails: a datagram that needed fragmenting and had DF")

		seg := make([]byte, 100)
		seg[12] = 5 << 4 // a TCP header's Data Offset: 5 words, so that gopacket decodes it
		require.NoError(t, ip.Output(ipv4.ProtocolTCP, seg, netip.Addr{}, peer))
		sent := probe.Sent()
		require.Len(t, sent, 1)
		h := camptest.DecodeIPv4(t, sent[0].Data).NetworkLayer().(*layers.IPv4)
		assert.Equal(t, "DF", h.Flags.String(), "TCP's segments carry Don't Fragment (path MTU discovery, RFC 1191)")
		assert.Zero(t, h.Id, "an atomic datagram (DF, not a fragment) gets Identification 0, as Linux's unconnected sockets' (RFC 6864 §4.1)")

		err = ip.Output(testProto, make([]byte, ipv4.MaxTotalLen-ipv4.MinHeaderLen+1), netip.Addr{}, peer)
		assert.ErrorIs(t, err, ipv4.ErrMessageTooLong, "a payload over 65,515 bytes: not even fragments can carry it")
	})
}

func TestBigPingIsAnsweredInFragments(t *testing.T) {
	todo.Covers(t, 4, "ip-reassemble")
	synctest.Test(t, func(t *testing.T) {
		ip, probe, _ := setupWithICMP(t)
		data := payloadOf(8, 3000) // ping -s 3000
		msg := camptest.Serialize(t, &layers.ICMPv4{TypeCode: layers.CreateICMPv4TypeCode(layers.ICMPv4TypeEchoRequest, 0), Id: 0x4242, Seq: 1},
			gopacket.Payload(data))
		for _, p := range cut(0x77, len(msg), 1480) {
			probe.Inject(stack.ProtocolIPv4, camptest.Serialize(t, &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolICMPv4,
				Id: p.id, Flags: map[bool]layers.IPv4Flag{true: layers.IPv4MoreFragments}[p.more], FragOffset: uint16(p.off / 8),
				SrcIP: peer.AsSlice(), DstIP: us.AsSlice()}, gopacket.Payload(msg[p.off:p.end])))
		}
		synctest.Wait()
		sent := probe.Sent()
		require.Len(t, sent, 3, "the 3,008-byte echo reply leaves in 3 fragments")
		whole := defrag(t, sent)
		pkt := gopacket.NewPacket(append(make([]byte, 0), whole.Payload...), layers.LayerTypeICMPv4, gopacket.Default)
		ic := camptest.CheckICMPv4(t, pkt)
		assert.Equal(t, layers.CreateICMPv4TypeCode(layers.ICMPv4TypeEchoReply, 0).String(), ic.TypeCode.String(), "ICMP type and code")
		assert.Equal(t, "0x4242 1", fmt.Sprintf("%#04x %d", ic.Id, ic.Seq), "echo identifier and sequence number")
		assert.Equal(t, data, []byte(ic.Payload), "the reply carries the request's 3,000 bytes back")
		assert.Equal(t, uint64(1), ip.Stats().ReasmOKs, "Stats().ReasmOKs: the request, reassembled")
	})
}

// sentIDs sends one small datagram of testProto to each of dsts in turn
// and returns the Identification of each, in order.
func sentIDs(t *testing.T, ip *ipv4.Layer, probe *camptest.Probe, dsts ...netip.Addr) []uint16 {
	t.Helper()
	var ids []uint16
	for _, dst := range dsts {
		require.NoError(t, ip.Output(testProto, []byte("which id?"), netip.Addr{}, dst))
		sent := probe.Sent()
		require.Len(t, sent, 1)
		ids = append(ids, camptest.DecodeIPv4(t, sent[0].Data).NetworkLayer().(*layers.IPv4).Id)
	}
	return ids
}

func TestIdentificationIsPerDestination(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ip, probe, _ := setup(t)
		ipv4.SetIdentSeed(ip, 1)
		a, b := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.3")
		require.NotEqual(t, ipv4.IdentBucket(ip, us, a, testProto), ipv4.IdentBucket(ip, us, b, testProto),
			"with this seed, 192.0.2.1 and 192.0.2.3 have counters of their own (choose another seed if not)")
		ids := sentIDs(t, ip, probe, a, b, a, b, a, b)
		toA, toB := []uint16{ids[0], ids[2], ids[4]}, []uint16{ids[1], ids[3], ids[5]}
		assert.Equal(t, []uint16{toA[0], toA[0] + 1, toA[0] + 2}, toA, "to 192.0.2.1, each datagram takes the next value of its counter")
		assert.Equal(t, []uint16{toB[0], toB[0] + 1, toB[0] + 2}, toB, "to 192.0.2.3, too")
		assert.NotEqual(t, toA[0]+1, toB[0], "192.0.2.3's numbers do not follow 192.0.2.1's: not one global sequence (%v)", ids)
		assert.NotEqual(t, toB[0]+1, toA[1], "192.0.2.1's numbers do not follow 192.0.2.3's: not one global sequence (%v)", ids)
	})
}

func TestIdentificationDiffersBetweenStacks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var seqs [2][]uint16
		dsts := []netip.Addr{peer, peer, peer, netip.MustParseAddr("192.0.2.3"), netip.MustParseAddr("192.0.2.4")}
		for i := range seqs {
			ip, probe, _ := setup(t) // each with its random key and counters
			seqs[i] = sentIDs(t, ip, probe, dsts...)
		}
		var offsets []uint16
		for i := range dsts {
			offsets = append(offsets, seqs[1][i]-seqs[0][i])
		}
		assert.NotEqual(t, []uint16{offsets[0], offsets[0], offsets[0], offsets[0], offsets[0]}, offsets,
			"two stacks' Identifications to the same destinations are not one sequence shifted: %v and %v", seqs[0], seqs[1])
	})
}

// A router fragments a datagram without DF that is too big for the next
// link (RFC 1812 §5.2.6), and refuses one with DF.
func TestRouterFragmentsWhatMayBeFragmented(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRouted(t)
		r.ip.SetForwarding(true)
		camptest.Start(t, r.ip.Stack())
		far := netip.MustParseAddr("198.51.100.9")
		payload := payloadOf(6, 3000)
		for _, df := range []bool{false, true} {
			var flags layers.IPv4Flag
			if df {
				flags = layers.IPv4DontFragment
			}
			// A link with a larger MTU brought it (the probe does not check).
			r.net1.Inject(stack.ProtocolIPv4, camptest.Serialize(t, &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocol(testProto),
				Id: 0x5151, Flags: flags, SrcIP: peer.AsSlice(), DstIP: far.AsSlice()}, rawPayload(string(payload))))
		}
		synctest.Wait()
		sent := r.net2.Sent()
		require.Len(t, sent, 3, "the datagram without DF leaves on net2 in 3 fragments; the one with DF does not leave")
		whole := defrag(t, sent)
		assert.Equal(t, payload, []byte(whole.Payload), "gopacket reassembles the forwarded fragments into the datagram")
		assert.Equal(t, 0x5151, int(whole.Id), "the fragments keep the datagram's Identification")
		assert.Equal(t, 63, int(whole.TTL), "TTL: one router on the way")
		st := r.ip.Stats()
		assert.Equal(t, uint64(1), st.FragOKs, "Stats().FragOKs: the datagram without DF")
		assert.Equal(t, uint64(1), st.FragFails, "Stats().FragFails: the datagram with DF")
	})
}
