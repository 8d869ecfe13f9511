//camp:file 5

package camptest

import (
	"fmt"
	"net/netip"
	"sync"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"

	"github.com/go-tcpip-camp/camp/solutions/tcp"
)

// TCPOptionRules checks the TCP options of the segments one stack sends,
// as gopacket decodes them: every option only where an RFC allows it.
//
//   - MSS, Window Scale and SACK-permitted only on a SYN (RFC 9293 §3.7.1,
//     RFC 7323 §2.2, RFC 2018 §2);
//   - SACK blocks only on an ACK that is neither a SYN nor a RST
//     (RFC 2018 §3);
//   - Timestamps after the SYN only if this side's SYN (or SYN+ACK) of
//     the connection carried them (RFC 7323 §3.2);
//   - a reset carries no option but Timestamps, and those only on a
//     connection that uses them: a reset for no connection (one for a
//     connection whose SYN this checker never saw) carries none.
//
// Every frame the guarded devices of this package carry (NewLoopback,
// NewProbe, AddEthernet's link, GuardWire) passes it, so every test of
// the course checks the options of every segment its stacks send.
type TCPOptionRules struct {
	mu       sync.Mutex
	tsInSYN  map[[2]netip.AddrPort]bool // per connection (source, destination): our SYN carried Timestamps
	reported map[string]bool            // faults already reported, so each is told once
}

// Check looks at one datagram the stack sent (an IPv4 header first) and
// returns the faults of its TCP options, each naming the segment and the
// option, or nil. Non-TCP datagrams and fragments after the first are
// not looked at.
func (r *TCPOptionRules) Check(datagram []byte) []string {
	if len(datagram) < 20 || datagram[0]>>4 != 4 || datagram[9] != byte(layers.IPProtocolTCP) {
		return nil
	}
	if off := (uint16(datagram[6])<<8 | uint16(datagram[7])) & 0x3fff; off != 0 {
		return nil // a fragment: only whole datagrams are decoded
	}
	ihl := int(datagram[0]&0x0f) * 4
	if ihl < 20 || len(datagram) < ihl+20 {
		return nil
	}
	// gopacket decodes the segment: only its TCP layer, which is cheap
	// enough for every segment of a 100 MB transfer.
	var seg layers.TCP
	if err := seg.DecodeFromBytes(datagram[ihl:], gopacket.NilDecodeFeedback); err != nil {
		return []string{fmt.Sprintf("a TCP segment the stack sent does not decode: %v", err)}
	}
	src, _ := netip.AddrFromSlice(datagram[12:16])
	dst, _ := netip.AddrFromSlice(datagram[16:20])
	key := [2]netip.AddrPort{netip.AddrPortFrom(src, uint16(seg.SrcPort)), netip.AddrPortFrom(dst, uint16(seg.DstPort))}
	flags := tcp.Flags(datagram[ihl+13])
	name := fmt.Sprintf("%v → %v [%v]", key[0], key[1], flags)

	r.mu.Lock()
	defer r.mu.Unlock()
	if r.tsInSYN == nil {
		r.tsInSYN = make(map[[2]netip.AddrPort]bool)
		r.reported = make(map[string]bool)
	}
	hasTS := false
	for _, o := range seg.Options {
		hasTS = hasTS || o.OptionType == layers.TCPOptionKindTimestamps
	}
	tsSYN, known := r.tsInSYN[key]
	if seg.SYN {
		r.tsInSYN[key] = hasTS
	}

	var faults []string
	fault := func(kind tcp.OptionKind, why string) {
		f := fmt.Sprintf("option %v on %s: %s", kind, flags, why)
		if r.reported[f] {
			return
		}
		r.reported[f] = true
		faults = append(faults, fmt.Sprintf("segment %s carries TCP option %v: %s", name, kind, why))
	}
	for _, o := range seg.Options {
		kind := tcp.OptionKind(o.OptionType)
		switch {
		case kind == tcp.OptEnd || kind == tcp.OptNOP:
			continue
		case seg.RST && kind != tcp.OptTimestamps:
			fault(kind, "a reset carries no option but Timestamps (RFC 9293 §3.10.7.1, RFC 7323 §3.2)")
			continue
		}
		switch o.OptionType {
		case layers.TCPOptionKindMSS:
			if !seg.SYN {
				fault(kind, "MSS belongs on a SYN only (RFC 9293 §3.7.1)")
			}
		case layers.TCPOptionKindWindowScale:
			if !seg.SYN {
				fault(kind, "Window Scale belongs on a SYN only (RFC 7323 §2.2)")
			}
		case layers.TCPOptionKindSACKPermitted:
			if !seg.SYN {
				fault(kind, "SACK-permitted belongs on a SYN only (RFC 2018 §2)")
			}
		case layers.TCPOptionKindSACK:
			if seg.SYN || seg.RST || !seg.ACK {
				fault(kind, "SACK blocks belong on an ACK that is neither SYN nor RST (RFC 2018 §3)")
			}
		case layers.TCPOptionKindTimestamps:
			switch {
			case seg.SYN:
			case seg.RST && !known:
				fault(kind, "a reset for no connection carries no options (RFC 9293 §3.10.7.1; Linux sends none)")
			case known && !tsSYN:
				fault(kind, "the connection's SYN went without Timestamps, so no segment of it may carry them (RFC 7323 §3.2)")
			}
		default:
			fault(kind, "this stack sends no such option")
		}
	}
	return faults
}

// CheckTCPOptions fails t, naming the segment and the option, for every
// TCP option in the datagram (an IPv4 header first) that an RFC forbids
// there; see [TCPOptionRules]. It keeps no state between calls: for a
// whole conversation use one TCPOptionRules.
func CheckTCPOptions(t testing.TB, datagram []byte) {
	t.Helper()
	var r TCPOptionRules
	for _, f := range r.Check(datagram) {
		t.Error(f)
	}
}

// checkTCPOptions fails the guard's test for every forbidden option in
// frame, a frame its device carries (IPv4 at g.ipAt: after an Ethernet
// header, whose type must then be IPv4).
func (g *stormGuard) checkTCPOptions(frame []byte) {
	if len(frame) < g.ipAt+20 || (g.ipAt == 14 && (frame[12] != 0x08 || frame[13] != 0x00)) {
		return
	}
	for _, f := range g.tcpOptions.Check(frame[g.ipAt:]) {
		g.t.Errorf("%s, on %s", f, g.where)
	}
}
