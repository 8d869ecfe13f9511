// Generated from solutions/ipv4/reassembly_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 4 — write its TODOs here. Course authors: edit
// solutions/ipv4/reassembly_test.go instead and regenerate; `course check` fails when the two drift.

package ipv4_test

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day4-routing-udp/icmp"
	"github.com/go-tcpip-camp/camp/day4-routing-udp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day4-routing-udp/ipv4"
	"github.com/go-tcpip-camp/camp/day4-routing-udp/stack"
	"github.com/go-tcpip-camp/camp/day4-routing-udp/todo"
)

// payloadOf is the payload of the test's datagram id: size bytes, each
// saying where it is, so that a byte in the wrong place shows.
func payloadOf(id uint16, size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(int(id)*31 + i*7 + i/251)
	}
	return b
}

// A piece is one fragment a test sends: bytes off to end (exclusive) of
// the payload of datagram id, with MF set if more.
type piece struct {
	id       uint16
	off, end int
	more     bool
}

func (p piece) String() string {
	mf := ""
	if p.more {
		mf = " MF"
	}
	return fmt.Sprintf("id=%d bytes %d–%d%s", p.id, p.off, p.end, mf)
}

// fragmentFrom builds the fragment p of the datagram whose payload is
// payload, with gopacket: gopacket writes the header, its length and
// checksum, so the test does not depend on the stack's own code.
func fragmentFrom(t *testing.T, src netip.Addr, p piece, payload []byte) []byte {
	t.Helper()
	var flags layers.IPv4Flag
	if p.more {
		flags = layers.IPv4MoreFragments
	}
	return camptest.Serialize(t, &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocol(testProto),
		Id: p.id, Flags: flags, FragOffset: uint16(p.off / 8), SrcIP: src.AsSlice(), DstIP: us.AsSlice()},
		rawPayload(string(payload[p.off:p.end])))
}

// cut returns the pieces of a datagram of size bytes in fragments of at
// most per bytes of data (a multiple of 8).
func cut(id uint16, size, per int) []piece {
	var ps []piece
	for off := 0; off < size; off += per {
		end := min(off+per, size)
		ps = append(ps, piece{id, off, end, end < size})
	}
	return ps
}

// reversed returns ps in the opposite order.
func reversed(ps []piece) []piece {
	ps = slices.Clone(ps)
	slices.Reverse(ps)
	return ps
}

// setupWithICMP is setup with an ICMP layer, which sends the stack's
// Time Exceeded and echo replies.
func setupWithICMP(t *testing.T) (*ipv4.Layer, *camptest.Probe, *recorder) {
	t.Helper()
	ip, probe, rec := setup(t)
	_, err := icmp.New(ip)
	require.NoError(t, err)
	return ip, probe, rec
}

// delivered names the datagrams rec received by their id, "garbled" for a
// payload that is none of sizes' datagrams.
func delivered(rec *recorder, sizes map[uint16]int) []string {
	var got []string
	for _, p := range rec.payloads() {
		name := fmt.Sprintf("garbled (%d bytes)", len(p))
		for id, size := range sizes {
			if p == string(payloadOf(id, size)) {
				name = fmt.Sprintf("id=%d", id)
			}
		}
		got = append(got, name)
	}
	return got
}

func TestReassembly(t *testing.T) {
	sizes := map[uint16]int{1: 3000, 2: 2000}
	one := cut(1, 3000, 1480) // 0–1480 MF, 1480–2960 MF, 2960–3000
	two := cut(2, 2000, 1480) // 0–1480 MF, 1480–2000
	tiny := cut(1, 3000, 8)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(tiny), func(i, j int) { tiny[i], tiny[j] = tiny[j], tiny[i] })
	cases := []struct {
		name      string
		pieces    []piece
		want      []string // datagrams delivered, by id, in order
		wantFails uint64   // ReasmFails at the end, the timeout included
		wantICMP  bool     // a Time Exceeded, reassembly, after the timeout
	}{
		{"in order", one, []string{"id=1"}, 0, false},
		{"reversed", reversed(one), []string{"id=1"}, 0, false},
		{"interleaved with another datagram", []piece{one[0], two[1], one[1], two[0], one[2]}, []string{"id=2", "id=1"}, 0, false},
		{"one fragment twice", []piece{one[0], one[1], one[1], one[2]}, []string{"id=1"}, 0, false},
		{"375 fragments of 8 bytes, shuffled", tiny, []string{"id=1"}, 0, false},
		{"overlapping fragments", []piece{one[0], {1, 1472, 2960, true}, one[2]}, nil, 2, false},
		// (2: the overlap drops the datagram; the last fragment then starts
		// a new one, which times out without its first fragment.)
		{"last fragment missing", one[:2], nil, 1, true},
		{"first fragment missing", one[1:], nil, 1, false},
		{"a second last fragment ends elsewhere", []piece{one[2], {1, 1480, 2000, false}}, nil, 1, false},
		{"past 65,535 bytes", []piece{one[0], {1, 65528, 65536, false}}, nil, 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			todo.Covers(t, 4, "ip-reassemble")
			synctest.Test(t, func(t *testing.T) {
				ip, probe, rec := setupWithICMP(t)
				for _, p := range c.pieces {
					size := sizes[p.id]
					probe.Inject(stack.ProtocolIPv4, fragmentFrom(t, peer, p, payloadOf(p.id, max(size, p.end))))
				}
				synctest.Wait()
				assert.Equal(t, c.want, delivered(rec, sizes), "datagrams delivered after the fragments %v", c.pieces)
				st := ip.Stats()
				assert.Equal(t, uint64(len(c.pieces)), st.ReasmReqds, "Stats().ReasmReqds: fragments received")
				assert.Equal(t, uint64(len(c.want)), st.ReasmOKs, "Stats().ReasmOKs: datagrams reassembled")
				assert.Equal(t, uint64(len(c.want)), st.InDelivers, "Stats().InDelivers: one datagram delivered for all its fragments")

				time.Sleep(ipv4.ReassemblyTimeout + time.Second)
				synctest.Wait()
				n, bytes := ip.ReassemblyInUse()
				assert.Zero(t, n, "datagrams still in reassembly %v after the timeout", ipv4.ReassemblyTimeout)
				assert.Zero(t, bytes, "bytes held by reassembly after the timeout")
				assert.Equal(t, c.wantFails, ip.Stats().ReasmFails, "Stats().ReasmFails: datagrams given up, fragments refused")

				var te []*layers.ICMPv4
				for _, f := range probe.Sent() {
					pkt := camptest.DecodeIPv4(t, f.Data)
					if ic := camptest.CheckICMPv4(t, pkt); ic.TypeCode.Type() == layers.ICMPv4TypeTimeExceeded {
						te = append(te, ic)
					}
				}
				if !c.wantICMP {
					assert.Empty(t, te, "no Time Exceeded: RFC 1122 §3.3.2 sends none when the first fragment never came")
					return
				}
				require.Len(t, te, 1, "one ICMP Time Exceeded after %v", ipv4.ReassemblyTimeout)
				assert.Equal(t, layers.CreateICMPv4TypeCode(layers.ICMPv4TypeTimeExceeded, layers.ICMPv4CodeFragmentReassemblyTimeExceeded).String(),
					te[0].TypeCode.String(), "ICMP type and code: time exceeded, fragment reassembly (11/1)")
				quoted := camptest.DecodeIPv4(t, te[0].Payload).NetworkLayer().(*layers.IPv4)
				assert.Equal(t, 1, int(quoted.Id), "the quoted header is the first fragment's: its Identification")
				assert.Equal(t, "MF", quoted.Flags.String(), "the quoted header is the first fragment's: MF set")
				assert.Zero(t, quoted.FragOffset, "the quoted header is the first fragment's: offset 0")
				assert.Equal(t, payloadOf(1, 8), []byte(quoted.Payload), "the quote ends with the first 8 bytes of the first fragment's data")
			})
		})
	}
}

// Fragments too small to be fragments: no data, or MF set and a length
// that is not a multiple of 8.
func TestReassemblyRefusesMalformedFragments(t *testing.T) {
	todo.Covers(t, 4, "ip-reassemble")
	synctest.Test(t, func(t *testing.T) {
		ip, probe, rec := setup(t)
		data := payloadOf(3, 100)
		probe.Inject(stack.ProtocolIPv4, fragmentFrom(t, peer, piece{3, 0, 0, true}, data))
		probe.Inject(stack.ProtocolIPv4, fragmentFrom(t, peer, piece{3, 0, 60, true}, data))
		synctest.Wait()
		assert.Empty(t, rec.payloads())
		assert.Equal(t, uint64(2), ip.Stats().ReasmFails, "Stats().ReasmFails: both refused")
		assert.Equal(t, uint64(2), ip.Stack().Stats().HandlerDrops, "IP reports both drops to the stack, with their reasons")
		n, _ := ip.ReassemblyInUse()
		assert.Zero(t, n, "no datagram is started by a malformed fragment")
	})
}

func TestReassemblyBoundsDatagramsPerSource(t *testing.T) {
	todo.Covers(t, 4, "ip-reassemble")
	synctest.Test(t, func(t *testing.T) {
		ip, probe, _ := setup(t)
		other := netip.MustParseAddr("192.0.2.7")
		for id := range uint16(ipv4.ReassemblyMaxPerSource + 10) {
			probe.Inject(stack.ProtocolIPv4, fragmentFrom(t, peer, piece{id, 0, 16, true}, payloadOf(id, 16)))
		}
		probe.Inject(stack.ProtocolIPv4, fragmentFrom(t, other, piece{1, 0, 16, true}, payloadOf(1, 16)))
		synctest.Wait()
		n, _ := ip.ReassemblyInUse()
		assert.Equal(t, ipv4.ReassemblyMaxPerSource+1, n, "datagrams in reassembly: %d from 192.0.2.1, 1 from 192.0.2.7", ipv4.ReassemblyMaxPerSource)
		assert.Equal(t, uint64(10), ip.Stats().ReasmFails, "Stats().ReasmFails: the first fragments over the per-source bound")
	})
}

// TestFragmentFlood: 10,000 incomplete datagrams, from 1,000 sources, each
// a 1,480-byte first fragment whose rest never comes: 14.8 MB of data
// offered. Reassembly never holds more than its budget, gives up the
// oldest, and the stack still answers a ping and reassembles a datagram.
func TestFragmentFlood(t *testing.T) {
	todo.Covers(t, 4, "ip-reassemble")
	synctest.Test(t, func(t *testing.T) {
		ip, probe, rec := setupWithICMP(t)
		data := payloadOf(9, 1480)
		peak := 0
		for i := range 10000 {
			src := netip.AddrFrom4([4]byte{198, 51, 100 + byte(i%1000/250), byte(i % 250)})
			probe.Inject(stack.ProtocolIPv4, fragmentFrom(t, src, piece{uint16(i), 0, 1480, true}, data))
			if i%256 == 255 {
				synctest.Wait() // the input queue holds 1,024 frames
				_, bytes := ip.ReassemblyInUse()
				peak = max(peak, bytes)
			}
		}
		synctest.Wait()
		n, bytes := ip.ReassemblyInUse()
		t.Logf("after the flood: %d datagrams in reassembly holding %d bytes; peak %d", n, bytes, peak)
		assert.LessOrEqual(t, peak, ipv4.ReassemblyHighThresh, "reassembly never holds more than its budget (ReassemblyHighThresh)")
		assert.Positive(t, n, "the newest datagrams are still waiting for their fragments")
		assert.Equal(t, uint64(10000), ip.Stats().ReasmFails+uint64(n), "every datagram is either in reassembly or given up and counted in ReasmFails")

		probe.Sent()
		probe.Inject(stack.ProtocolIPv4, camptest.Serialize(t,
			&layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolICMPv4, SrcIP: peer.AsSlice(), DstIP: us.AsSlice()},
			&layers.ICMPv4{TypeCode: layers.CreateICMPv4TypeCode(layers.ICMPv4TypeEchoRequest, 0), Id: 7, Seq: 1},
			rawPayload("still there?")))
		for _, p := range cut(1, 3000, 1480) {
			probe.Inject(stack.ProtocolIPv4, fragmentFrom(t, peer, p, payloadOf(1, 3000)))
		}
		synctest.Wait()
		sent := probe.Sent()
		require.Len(t, sent, 1, "the stack answers a ping during the flood")
		ic := camptest.CheckICMPv4(t, camptest.DecodeIPv4(t, sent[0].Data))
		assert.Equal(t, layers.CreateICMPv4TypeCode(layers.ICMPv4TypeEchoReply, 0).String(), ic.TypeCode.String(), "ICMP type and code of the answer")
		assert.Equal(t, []string{"id=1"}, delivered(rec, map[uint16]int{1: 3000}), "a datagram in fragments is still reassembled during the flood")
	})
}
