//camp:file solutions

package ladder_test

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/internal/ladder"
	"github.com/go-tcpip-camp/camp/solutions/seqnum"
	"github.com/go-tcpip-camp/camp/solutions/tcp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ with what Render draws now")

// script builds a fixed trace, as two stacks' tracers would have given it.
type script struct {
	t0   time.Time
	at   time.Duration
	ends [2]netip.AddrPort
	iss  [2]uint32
	evs  []ladder.Event
}

func newScript() *script {
	return &script{
		t0:   time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC),
		ends: [2]netip.AddrPort{netip.MustParseAddrPort("192.0.2.10:49152"), netip.MustParseAddrPort("192.0.2.11:80")},
		iss:  [2]uint32{1000, 3000000000},
	}
}

var names = [2]string{"alice", "bob"}

func (s *script) add(kind tcp.TraceKind, side int, h tcp.Header, n int, st, to tcp.State) {
	s.evs = append(s.evs, ladder.Event{Stack: names[side], N: len(s.evs), TraceEvent: tcp.TraceEvent{
		Time: s.t0.Add(s.at), Kind: kind, Local: s.ends[side], Remote: s.ends[1-side],
		Header: h, Len: n, State: st, To: to}})
}

// state records a change of side's state.
func (s *script) state(side int, from, to tcp.State) {
	s.add(tcp.TraceState, side, tcp.Header{}, 0, from, to)
}

// seg builds a header from side, with SEQ and ACK relative to the ISNs.
func (s *script) seg(side int, flags tcp.Flags, seq, ack uint32, wnd uint16) tcp.Header {
	h := tcp.Header{SrcPort: s.ends[side].Port(), DstPort: s.ends[1-side].Port(), Flags: flags, Window: wnd,
		Seq: seqnum.Value(s.iss[side] + seq), Options: tcp.HeaderOptions{WindowScale: -1}}
	if flags.Has(tcp.FlagACK) {
		h.Ack = seqnum.Value(s.iss[1-side] + ack)
	}
	return h
}

// send records a segment side sent in state st.
func (s *script) send(side int, h tcp.Header, n int, st tcp.State) {
	s.add(tcp.TraceSend, side, h, n, st, 0)
}

// recv records the arrival at side of h, in state st.
func (s *script) recv(side int, h tcp.Header, n int, st tcp.State) {
	s.add(tcp.TraceReceive, side, h, n, st, 0)
}

// exchange records h sent by side in state st and its arrival at the
// other end, in state other, 100 µs later.
func (s *script) exchange(side int, h tcp.Header, n int, st, other tcp.State) {
	s.send(side, h, n, st)
	s.at += 100 * time.Microsecond
	s.recv(1-side, h, n, other)
}

const (
	A = 0 // alice, the client
	B = 1 // bob, the server
)

// connection is a whole connection: the handshake (with window scaling),
// a request whose first segment is lost and sent again after the RTO, the
// answer, and the close, alice first.
func connection() ladder.Trace {
	s := newScript()
	syn := s.seg(A, tcp.FlagSYN, 0, 0, 65535)
	syn.Options = tcp.HeaderOptions{MSS: 1460, WindowScale: 5, SACKPermitted: true}
	s.state(A, tcp.StateClosed, tcp.StateSynSent)
	s.exchange(A, syn, 0, tcp.StateSynSent, tcp.StateListen)
	synAck := s.seg(B, tcp.FlagSYN|tcp.FlagACK, 0, 1, 65535)
	synAck.Options = tcp.HeaderOptions{MSS: 1460, WindowScale: 7}
	s.exchange(B, synAck, 0, tcp.StateSynReceived, tcp.StateSynSent)
	s.state(A, tcp.StateSynSent, tcp.StateEstablished)
	s.exchange(A, s.seg(A, tcp.FlagACK, 1, 1, 2048), 0, tcp.StateEstablished, tcp.StateSynReceived)
	s.state(B, tcp.StateSynReceived, tcp.StateEstablished)

	s.at += time.Millisecond
	s.send(A, s.seg(A, tcp.FlagACK, 1, 1, 2048), 1460, tcp.StateEstablished) // lost
	s.exchange(A, s.seg(A, tcp.FlagPSH|tcp.FlagACK, 1461, 1, 2048), 540, tcp.StateEstablished, tcp.StateEstablished)
	s.exchange(B, s.seg(B, tcp.FlagACK, 1, 1, 504), 0, tcp.StateEstablished, tcp.StateEstablished)
	s.at = time.Second + 2*time.Millisecond
	s.exchange(A, s.seg(A, tcp.FlagACK, 1, 1, 2048), 1460, tcp.StateEstablished, tcp.StateEstablished)
	s.exchange(B, s.seg(B, tcp.FlagACK, 1, 2001, 512), 0, tcp.StateEstablished, tcp.StateEstablished)
	s.exchange(B, s.seg(B, tcp.FlagPSH|tcp.FlagACK, 1, 2001, 512), 120, tcp.StateEstablished, tcp.StateEstablished)

	s.at += 5 * time.Millisecond
	s.state(A, tcp.StateEstablished, tcp.StateFinWait1)
	s.exchange(A, s.seg(A, tcp.FlagFIN|tcp.FlagACK, 2001, 121, 2048), 0, tcp.StateFinWait1, tcp.StateEstablished)
	s.state(B, tcp.StateEstablished, tcp.StateCloseWait)
	s.exchange(B, s.seg(B, tcp.FlagACK, 121, 2002, 512), 0, tcp.StateCloseWait, tcp.StateFinWait1)
	s.state(A, tcp.StateFinWait1, tcp.StateFinWait2)
	s.state(B, tcp.StateCloseWait, tcp.StateLastAck)
	s.exchange(B, s.seg(B, tcp.FlagFIN|tcp.FlagACK, 121, 2002, 512), 0, tcp.StateLastAck, tcp.StateFinWait2)
	s.state(A, tcp.StateFinWait2, tcp.StateTimeWait)
	s.exchange(A, s.seg(A, tcp.FlagACK, 2002, 122, 2048), 0, tcp.StateTimeWait, tcp.StateLastAck)
	s.state(B, tcp.StateLastAck, tcp.StateClosed)
	s.at += time.Minute
	s.state(A, tcp.StateTimeWait, tcp.StateClosed)
	return ladder.Trace{Events: s.evs}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "the golden file (go test -run %s -update writes it)", t.Name())
	assert.Equal(t, string(want), got, "the ladder drawn, against %s", path)
	for i, line := range strings.Split(strings.TrimRight(got, "\n"), "\n") {
		assert.LessOrEqual(t, utf8.RuneCountInString(line), ladder.Width, "line %d is wider than %d columns: %q", i+1, ladder.Width, line)
	}
}

func TestRenderWholeConnection(t *testing.T) {
	golden(t, "connection.golden", ladder.String(connection(), ladder.Options{}))
}

// TestRenderLastSegments draws only the last six segments of the
// connection: it says how many it left out, and starts from the states
// both ends were in.
func TestRenderLastSegments(t *testing.T) {
	golden(t, "last6.golden", ladder.String(connection(), ladder.Options{MaxSegments: 6}))
}

// TestRenderFrom draws the part of a connection after a mark: the numbers
// stay relative to the ISNs of the handshake, which is not drawn.
func TestRenderFrom(t *testing.T) {
	tr := connection()
	tr.From = 9 // the lost segment
	golden(t, "from.golden", ladder.String(tr, ladder.Options{}))
}

// TestRenderOneSideTraced draws what one stack saw of a connection with a
// peer that is not traced (a test's raw port): arrivals are drawn when
// they arrive, and nothing is known lost.
func TestRenderOneSideTraced(t *testing.T) {
	s := newScript()
	syn := s.seg(A, tcp.FlagSYN, 0, 0, 65535)
	syn.Options.MSS = 1460
	s.recv(B, syn, 0, tcp.StateListen)
	synAck := s.seg(B, tcp.FlagSYN|tcp.FlagACK, 0, 1, 65535)
	synAck.Options.MSS = 1460
	s.send(B, synAck, 0, tcp.StateSynReceived)
	s.at += time.Second
	s.send(B, synAck, 0, tcp.StateSynReceived) // the peer never answered
	s.at += time.Millisecond
	s.recv(B, s.seg(A, tcp.FlagRST, 1, 0, 0), 0, tcp.StateSynReceived)
	s.state(B, tcp.StateSynReceived, tcp.StateClosed)
	got := ladder.String(ladder.Trace{Events: s.evs}, ladder.Options{})
	golden(t, "oneside.golden", got)
	assert.NotContains(t, got, "lost", "nothing is known lost when the receiver is not traced")
}

// TestRenderNotArrived: a segment the other end, traced, never received,
// and after which that end did nothing, may still be on its way.
func TestRenderNotArrived(t *testing.T) {
	tr := connection()
	tr.Events = tr.Events[:len(tr.Events)-6] // up to bob's FIN, sent
	got := ladder.String(tr, ladder.Options{MaxSegments: 2})
	golden(t, "notarrived.golden", got)
}

func TestRenderColour(t *testing.T) {
	plain := ladder.String(connection(), ladder.Options{})
	assert.NotContains(t, plain, "\x1b[", "without Color, no escape sequences")
	coloured := ladder.String(connection(), ladder.Options{Color: true})
	assert.Contains(t, coloured, "\x1b[", "with Color, escape sequences")
}

func TestRenderEmpty(t *testing.T) {
	assert.Equal(t, "(no TCP segments traced)\n", ladder.String(ladder.Trace{}, ladder.Options{}))
}

// TestRenderNewIncarnation: the same two ends connect again (after
// TIME-WAIT); the new connection's numbers count from its own ISNs.
func TestRenderNewIncarnation(t *testing.T) {
	s := newScript()
	for i, iss := range [][2]uint32{{1000, 3000000000}, {4294967000, 77}} {
		s.iss = iss
		s.at = time.Duration(i) * 2 * time.Minute
		syn := s.seg(A, tcp.FlagSYN, 0, 0, 65535)
		s.state(A, tcp.StateClosed, tcp.StateSynSent)
		s.exchange(A, syn, 0, tcp.StateSynSent, tcp.StateListen)
		s.exchange(B, s.seg(B, tcp.FlagSYN|tcp.FlagACK, 0, 1, 65535), 0, tcp.StateSynReceived, tcp.StateSynSent)
		s.state(A, tcp.StateSynSent, tcp.StateEstablished)
		s.exchange(A, s.seg(A, tcp.FlagRST, 1, 0, 0), 0, tcp.StateEstablished, tcp.StateSynReceived)
		s.state(A, tcp.StateEstablished, tcp.StateClosed)
		s.state(B, tcp.StateSynReceived, tcp.StateClosed)
	}
	got := ladder.String(ladder.Trace{Events: s.evs}, ladder.Options{})
	golden(t, "reuse.golden", got)
	assert.NotContains(t, got, "(retransmission)", "the second SYN opens a new connection; it repeats nothing")
}

// TestRecorderKeepsTheEnd: of a long connection the recorder keeps the
// start (for the ISNs) and the last events; the ladder draws the last
// segments and counts all the others.
func TestRecorderKeepsTheEnd(t *testing.T) {
	rec := ladder.NewRecorder()
	trace := rec.Tracer("alice")
	s := newScript()
	const n = 2000
	for i := range n {
		h := s.seg(A, tcp.FlagACK, uint32(i)*100, 1, 512)
		if i == 0 {
			h = s.seg(A, tcp.FlagSYN, 0, 0, 512)
		}
		trace(tcp.TraceEvent{Kind: tcp.TraceSend, Local: s.ends[A], Remote: s.ends[B], Header: h, Len: 100, State: tcp.StateEstablished})
	}
	tr, conns := rec.Latest()
	assert.Equal(t, 1, conns, "connections recorded")
	got := ladder.String(tr, ladder.Options{MaxSegments: 40})
	assert.Equal(t, 40, strings.Count(got, "►│"), "arrows drawn\n%s", got)
	assert.Contains(t, got, fmt.Sprintf("… %d earlier segment(s) not shown", n-40), "what the ladder says it left out")
	assert.Contains(t, got, "ISN 1000", "the ISN, from the first event kept")
	assert.Contains(t, got, fmt.Sprintf("ACK SEQ=%d ", (n-1)*100), "the last segment, relative to the ISN")
}
