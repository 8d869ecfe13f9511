// Generated from solutions/internal/camptest/tcp.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/internal/camptest/tcp.go instead and regenerate; `course check` fails when the two drift.

package camptest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"

	"github.com/go-tcpip-camp/camp/day5-tcp/internal/ladder"
	"github.com/go-tcpip-camp/camp/day5-tcp/stack"
	"github.com/go-tcpip-camp/camp/day5-tcp/tcp"
)

// LadderSegments bounds the ladder a failing test prints: its last
// LadderSegments segments.
const LadderSegments = 40

// WatchTCP returns a tcp.Options.Trace for stack s of test t. Every stack
// of one test shares one recorder, so a segment one of them sent and the
// other never received shows as lost. If the test fails, and no stack of
// it hit a TODO stub (the TODO is then what to look at first), the test
// prints the ladder diagram of the connection that was active last: its
// last LadderSegments segments and the state changes of both ends.
//
// NewHost calls it for every host whose options have no Trace of their
// own, so every TCP test built on NewHost draws its ladder when it fails.
//
// A benchmark is not traced (it returns nil): what it measures is the
// stack alone.
func WatchTCP(t testing.TB, s *stack.Stack) func(tcp.TraceEvent) {
	t.Helper()
	if _, ok := t.(*testing.B); ok {
		return nil
	}
	v, loaded := ladders.LoadOrStore(t, &tcpWatch{rec: ladder.NewRecorder()})
	w := v.(*tcpWatch)
	if !loaded {
		t.Cleanup(func() {
			ladders.Delete(t)
			w.rec.Freeze()
			if t.Failed() && !w.hitTODO() {
				if l := w.ladder(); l != "" {
					t.Log(l)
				}
			}
		})
	}
	w.mu.Lock()
	w.stacks = append(w.stacks, s)
	w.mu.Unlock()
	// Stop recording before this stack closes: closing aborts every
	// connection, which is not what the test was watching.
	t.Cleanup(w.rec.Freeze)
	return w.rec.Tracer("")
}

// ladders holds the recorder of each running test: testing.TB → *tcpWatch.
var ladders sync.Map

// tcpWatch is the TCP trace of one test's stacks.
type tcpWatch struct {
	rec    *ladder.Recorder
	mu     sync.Mutex
	stacks []*stack.Stack
}

func (w *tcpWatch) hitTODO() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, s := range w.stacks {
		if len(s.TODOs()) > 0 {
			return true
		}
	}
	return false
}

// ladder draws the connection that was active last, or returns "" if the
// test's stacks exchanged no TCP segment.
func (w *tcpWatch) ladder() string {
	tr, n := w.rec.Latest()
	if len(tr.Events) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("The ladder of the TCP connection active last")
	if n > 1 {
		fmt.Fprintf(&b, " (of the %d the test's stacks traced)", n)
	}
	b.WriteString(", from the stacks' own trace:\n")
	b.WriteString(ladder.String(tr, ladder.Options{MaxSegments: LadderSegments}))
	return b.String()
}

// TCPSegment describes a segment for TCPFrame.
type TCPSegment struct {
	SrcPort, DstPort uint16
	Seq, Ack         uint32
	SYN, ACK, FIN    bool
	RST, PSH         bool
	Window           uint16
	MSS              uint16 // 0: no MSS option
	Payload          []byte
}

// TCPFrame builds, with gopacket, a TCP segment in IPv4 in an Ethernet
// frame, with correct lengths and checksums.
func TCPFrame(t testing.TB, srcMAC, dstMAC, src, dst string, s TCPSegment) []byte {
	t.Helper()
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: mustIP(src), DstIP: mustIP(dst)}
	tcp := &layers.TCP{SrcPort: layers.TCPPort(s.SrcPort), DstPort: layers.TCPPort(s.DstPort), Seq: s.Seq, Ack: s.Ack,
		SYN: s.SYN, ACK: s.ACK, FIN: s.FIN, RST: s.RST, PSH: s.PSH, Window: s.Window}
	if s.MSS != 0 {
		tcp.Options = []layers.TCPOption{{OptionType: layers.TCPOptionKindMSS, OptionLength: 4,
			OptionData: []byte{byte(s.MSS >> 8), byte(s.MSS)}}}
	}
	if err := tcp.SetNetworkLayerForChecksum(ip); err != nil {
		t.Fatal(err)
	}
	return EtherFrame(t, srcMAC, dstMAC, layers.EthernetTypeIPv4, ip, tcp, gopacket.Payload(s.Payload))
}

// TCPs decodes the TCP segments among the frames a Port saw, checking
// their checksums independently with gopacket.
func TCPs(t testing.TB, pkts []gopacket.Packet) []*layers.TCP {
	t.Helper()
	var out []*layers.TCP
	for _, p := range pkts {
		seg, ok := p.Layer(layers.LayerTypeTCP).(*layers.TCP)
		if !ok {
			continue
		}
		ip, ok := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
		if !ok {
			t.Fatalf("a TCP segment the stack sent is not in an IPv4 datagram: %v", p)
		}
		again := *seg
		if err := again.SetNetworkLayerForChecksum(ip); err != nil {
			t.Fatal(err)
		}
		buf := gopacket.NewSerializeBuffer()
		body, err := buf.AppendBytes(len(seg.Payload))
		if err != nil {
			t.Fatal(err)
		}
		copy(body, seg.Payload)
		if err := again.SerializeTo(buf, gopacket.SerializeOptions{ComputeChecksums: true}); err != nil {
			t.Fatal(err)
		}
		if again.Checksum != seg.Checksum {
			t.Errorf("TCP checksum is %#04x, gopacket computes %#04x", seg.Checksum, again.Checksum)
		}
		out = append(out, seg)
	}
	return out
}

// MSSOf returns the MSS option of a segment, or 0.
func MSSOf(seg *layers.TCP) uint16 {
	for _, o := range seg.Options {
		if o.OptionType == layers.TCPOptionKindMSS && len(o.OptionData) == 2 {
			return uint16(o.OptionData[0])<<8 | uint16(o.OptionData[1])
		}
	}
	return 0
}
