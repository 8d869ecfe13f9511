// Generated from solutions/tcp/rxcsum_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/rxcsum_test.go instead and regenerate; `course check` fails when the two drift.

package tcp_test

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/checksum"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ethernet"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/host"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
)

// badSYN builds, with gopacket, a SYN from the peer (script_test.go) to
// our port 9, where nothing listens, and spoils its TCP checksum.
func badSYN(t *testing.T) []byte {
	frame := camptest.TCPFrame(t, peerMAC, usMAC, peerIP, usIP,
		camptest.TCPSegment{SrcPort: 40000, DstPort: 9, Seq: 1000, SYN: true, Window: 65535})
	frame[14+20+16] ^= 0x5a // the TCP checksum's first byte
	return frame
}

// rsts returns the resets among pkts.
func rsts(t *testing.T, pkts []gopacket.Packet) int {
	n := 0
	for _, s := range camptest.TCPs(t, pkts) {
		if s.RST {
			n++
		}
	}
	return n
}

// TestChecksumVerifiedByTheDeviceIsNotCheckedAgain: a segment whose
// checksum the wire vouched for (a TAP with offloads: the kernel checked
// it, or left it for the driver to finish) is taken as it is, even with a
// checksum that does not fit, as Linux takes a packet marked
// CHECKSUM_UNNECESSARY: TCP answers the SYN with a reset, as for any SYN
// to a closed port. The same segment from a wire that says nothing is
// dropped and counted.
func TestChecksumVerifiedByTheDeviceIsNotCheckedAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := camptest.NewHost(t, host.Options{})
		w := camptest.NewMetaWire()
		_, err := h.AddEthernet(w, ethernet.MustParseMAC(usMAC), netip.MustParsePrefix(usIP+"/24"))
		require.NoError(t, err)
		camptest.Start(t, h.Stack)
		// The peer asks for our address: we learn its own, so that a
		// reset needs no ARP of its own.
		w.Deliver(t, camptest.ARPFrame(t, uint16(layers.ARPRequest), peerMAC, "ff:ff:ff:ff:ff:ff",
			peerMAC, peerIP, "00:00:00:00:00:00", usIP), stack.FrameMeta{})
		time.Sleep(time.Millisecond)
		w.Packets()

		for _, sum := range []stack.RxChecksum{stack.ChecksumUnnecessary, stack.ChecksumPartial} {
			w.Deliver(t, badSYN(t), stack.FrameMeta{Checksum: sum})
			time.Sleep(time.Millisecond)
			assert.Equal(t, 1, rsts(t, w.Packets()), "resets for a SYN to a closed port, its checksum %v", sum)
			assert.Equal(t, uint64(0), h.TCP.Stats().InErrs, "Stats().InErrs after the SYN whose checksum is %v", sum)
		}

		w.Deliver(t, badSYN(t), stack.FrameMeta{})
		time.Sleep(time.Millisecond)
		assert.Equal(t, 0, rsts(t, w.Packets()), "resets for the same SYN from a wire that says nothing: it is dropped")
		assert.Equal(t, uint64(1), h.TCP.Stats().InErrs, "Stats().InErrs after the SYN with a bad checksum")
	})
}

// TestBadChecksumFromALinkIsDropped: the in-memory Link says nothing of
// its frames, so every checksum is checked as on Day 5.
func TestBadChecksumFromALinkIsDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		h := camptest.NewHost(t, host.Options{})
		camptest.AddEthernet(t, h, link, usMAC, usIP+"/24")
		camptest.Start(t, h.Stack)
		wire := camptest.NewPort(t, link)
		wire.Send(t, camptest.ARPFrame(t, uint16(layers.ARPRequest), peerMAC, "ff:ff:ff:ff:ff:ff",
			peerMAC, peerIP, "00:00:00:00:00:00", usIP))
		time.Sleep(time.Millisecond)
		wire.Packets()

		wire.Send(t, badSYN(t))
		time.Sleep(time.Millisecond)
		assert.Equal(t, 0, rsts(t, wire.Packets()), "resets for a SYN with a bad checksum from a Link")
		assert.Equal(t, uint64(1), h.TCP.Stats().InErrs, "Stats().InErrs after the SYN with a bad checksum")
	})
}

// TestUnfinishedChecksumIsFinishedBeforeForwarding: a segment the kernel
// left with its checksum unfinished (stack.ChecksumPartial) is taken as
// it is by our own TCP, but a router that sends it on must finish the
// checksum first: the next hop gets a segment whose checksum gopacket
// finds right.
func TestUnfinishedChecksumIsFinishedBeforeForwarding(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const farMAC, farIP = "02:00:00:00:00:33", "198.51.100.20"
		h := camptest.NewHost(t, host.Options{})
		w := camptest.NewMetaWire()
		_, err := h.AddEthernet(w, ethernet.MustParseMAC(usMAC), netip.MustParsePrefix(usIP+"/24"))
		require.NoError(t, err)
		link := device.NewLink()
		camptest.AddEthernet(t, h, link, "02:00:00:00:00:22", "198.51.100.1/24")
		h.ARP.AddStatic(h.Stack.Device("net2"), netip.MustParseAddr(farIP), ethernet.MustParseMAC(farMAC))
		h.IP.SetForwarding(true)
		far := camptest.NewPort(t, link)
		camptest.Start(t, h.Stack)

		frame := camptest.TCPFrame(t, peerMAC, usMAC, peerIP, farIP,
			camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1000, ACK: true, Ack: 1, Window: 65535, Payload: []byte("left for us to finish")})
		seg := frame[14+20:]
		partial := checksum.PseudoHeaderSum(netip.MustParseAddr(peerIP), netip.MustParseAddr(farIP), 6, uint16(len(seg)))
		for partial > 0xffff {
			partial = partial>>16 + partial&0xffff
		}
		binary.BigEndian.PutUint16(seg[16:], uint16(partial)) // what the kernel hands over with NEEDS_CSUM
		w.Deliver(t, frame, stack.FrameMeta{Checksum: stack.ChecksumPartial})
		time.Sleep(time.Millisecond)

		segs := camptest.TCPs(t, far.Packets()) // gopacket checks each checksum
		require.Len(t, segs, 1, "segments forwarded to %s", farIP)
		assert.Equal(t, "left for us to finish", string(segs[0].Payload), "the forwarded segment's data")
	})
}
