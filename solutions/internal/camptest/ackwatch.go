//camp:file 6

package camptest

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"sync"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
)

// An ACKWatch classifies the pure ACKs on a wire (segments with the ACK
// flag and no data, SYN, FIN or RST), per sender, to find the redundant
// ones. A pure ACK must
//
//   - move the ACK number on ("new ACK number"), or
//   - open the window meaningfully ("window update"): its right edge,
//     SEG.ACK + SEG.WND, at least min(RCV.BUFF/2, MSS) beyond the one the
//     sender advertised last (receiver SWS avoidance, RFC 9293
//     §3.8.6.2.2; RFC 1122 §4.2.3.3), or
//   - be a duplicate ACK for data that arrived out of order, which then
//     carries SACK blocks ("duplicate ACK with SACK"), or acknowledge a
//     segment that arrived again, below the ACK number ("ACK of an old
//     segment"; RFC 9293 §3.10.7.4 asks for it).
//
// Any other is redundant: it tells the peer nothing new. The zero value is
// ready to use; it is safe for concurrent use.
type ACKWatch struct {
	// MSS and RcvBuf are the receivers' MSS and receive buffer, which
	// make a window update meaningful; 1460 and 65535 if zero.
	MSS, RcvBuf uint32

	mu    sync.Mutex
	sides map[[2]netip.AddrPort]*ackSide
}

// ackSide is what an ACKWatch knows of one sender of one connection.
type ackSide struct {
	shift     uint   // the window scale it offered in its SYN
	ack       uint32 // the last ACK number it sent
	edge      uint32 // the last right edge it advertised
	sent      bool   // it sent an ACK
	got       uint32 // the highest sequence number received from the other side, to tell old segments
	gotSome   bool
	oldSeg    bool // the last segment from the other side was old: an ACK of it is due
	counts    map[string]int
	redundant []string
}

func (w *ACKWatch) side(from, to netip.AddrPort) *ackSide {
	if w.sides == nil {
		w.sides = make(map[[2]netip.AddrPort]*ackSide)
	}
	k := [2]netip.AddrPort{from, to}
	s := w.sides[k]
	if s == nil {
		s = &ackSide{counts: make(map[string]int)}
		w.sides[k] = s
	}
	return s
}

// See takes in one packet seen on the wire, in either direction.
func (w *ACKWatch) See(p gopacket.Packet) {
	ip, _ := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
	seg, _ := p.Layer(layers.LayerTypeTCP).(*layers.TCP)
	if ip == nil || seg == nil {
		return
	}
	src, _ := netip.AddrFromSlice(ip.SrcIP.To4())
	dst, _ := netip.AddrFromSlice(ip.DstIP.To4())
	from, to := netip.AddrPortFrom(src, uint16(seg.SrcPort)), netip.AddrPortFrom(dst, uint16(seg.DstPort))
	mss, rcvBuf := w.MSS, w.RcvBuf
	if mss == 0 {
		mss = 1460
	}
	if rcvBuf == 0 {
		rcvBuf = 65535
	}

	w.mu.Lock()
	defer w.mu.Unlock()
	s, peer := w.side(from, to), w.side(to, from)
	// What the receiver of this segment will owe: an ACK of an old segment.
	end := seg.Seq + uint32(len(seg.Payload))
	if seg.SYN || seg.FIN {
		end++
	}
	peer.oldSeg = peer.sent && end != seg.Seq && int32(end-peer.ack) <= 0
	if seg.SYN {
		s.shift, s.sent = 0, false
		for _, o := range seg.Options {
			if o.OptionType == layers.TCPOptionKindWindowScale && len(o.OptionData) == 1 {
				s.shift = uint(o.OptionData[0])
			}
		}
		return
	}
	if !seg.ACK {
		return
	}
	edge := seg.Ack + uint32(seg.Window)<<s.shift
	if len(seg.Payload) == 0 && !seg.FIN && !seg.RST && s.sent {
		hasSACK := false
		for _, o := range seg.Options {
			hasSACK = hasSACK || o.OptionType == layers.TCPOptionKindSACK
		}
		switch {
		case seg.Ack != s.ack:
			s.counts["new ACK number"]++
		case int32(edge-s.edge) >= int32(min(rcvBuf/2, mss)):
			s.counts["window update"]++
		case hasSACK:
			s.counts["duplicate ACK with SACK"]++
		case s.oldSeg:
			s.counts["ACK of an old segment"]++
		default:
			s.counts["redundant"]++
			if len(s.redundant) < 5 {
				s.redundant = append(s.redundant, fmt.Sprintf("%v → %v [ACK] ack=%d win=%d: the ACK number of the last ACK, and its right edge moved %+d bytes",
					from, to, seg.Ack, seg.Window, int32(edge-s.edge)))
			}
		}
		s.oldSeg = false
	}
	s.ack, s.edge, s.sent = seg.Ack, edge, true
}

// Redundant returns how many redundant pure ACKs from senders whose
// address is from (any sender if from is the zero Addr) the watch saw,
// and a report: the pure ACKs of each sender by kind, and the first
// redundant ones.
func (w *ACKWatch) Redundant(from netip.Addr) (int, string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	var lines []string
	for k, s := range w.sides {
		if from.IsValid() && k[0].Addr() != from || len(s.counts) == 0 {
			continue
		}
		n += s.counts["redundant"]
		lines = append(lines, fmt.Sprintf("pure ACKs %v → %v: %v", k[0], k[1], s.counts))
		lines = append(lines, s.redundant...)
	}
	sort.Strings(lines)
	return n, strings.Join(lines, "\n")
}
