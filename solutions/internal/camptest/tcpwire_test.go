//camp:file solutions

package camptest

import (
	"net"
	"strings"
	"testing"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
)

// optSegment builds, with gopacket, a segment from 192.0.2.1:80 to
// 192.0.2.2:40000 with the given flags and options.
func optSegment(t *testing.T, syn, ack, rst bool, opts ...layers.TCPOption) []byte {
	t.Helper()
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolTCP,
		SrcIP: net.IPv4(192, 0, 2, 1).To4(), DstIP: net.IPv4(192, 0, 2, 2).To4()}
	seg := &layers.TCP{SrcPort: 80, DstPort: 40000, SYN: syn, ACK: ack, RST: rst, Window: 1000, Options: opts}
	if err := seg.SetNetworkLayerForChecksum(ip); err != nil {
		t.Fatal(err)
	}
	return Serialize(t, ip, seg)
}

var (
	optMSS    = layers.TCPOption{OptionType: layers.TCPOptionKindMSS, OptionLength: 4, OptionData: []byte{5, 0xb4}}
	optWScale = layers.TCPOption{OptionType: layers.TCPOptionKindWindowScale, OptionLength: 3, OptionData: []byte{7}}
	optSACKOK = layers.TCPOption{OptionType: layers.TCPOptionKindSACKPermitted, OptionLength: 2}
	optTS     = layers.TCPOption{OptionType: layers.TCPOptionKindTimestamps, OptionLength: 10, OptionData: make([]byte, 8)}
	optSACK   = layers.TCPOption{OptionType: layers.TCPOptionKindSACK, OptionLength: 10, OptionData: make([]byte, 8)}
	optNOP    = layers.TCPOption{OptionType: layers.TCPOptionKindNop, OptionLength: 1}
)

func TestTCPOptionRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		syn   []layers.TCPOption // our SYN+ACK of the connection first, if any
		flags string             // of the segment checked: S, A, R, RA
		opts  []layers.TCPOption
		want  string // a fault that names this, or "" for none
	}{
		{name: "SYN with every option", flags: "S", opts: []layers.TCPOption{optMSS, optSACKOK, optTS, optNOP, optWScale}},
		{name: "ACK with timestamps after a SYN with them", syn: []layers.TCPOption{optTS}, flags: "A", opts: []layers.TCPOption{optNOP, optNOP, optTS}},
		{name: "ACK with SACK blocks", flags: "A", opts: []layers.TCPOption{optNOP, optNOP, optSACK}},
		{name: "RST with timestamps on a connection that uses them", syn: []layers.TCPOption{optTS}, flags: "RA", opts: []layers.TCPOption{optNOP, optNOP, optTS}},
		{name: "bare RST", flags: "R"},
		{name: "RST with window scale 0 (issue 15)", flags: "R", opts: []layers.TCPOption{optNOP, optWScale}, want: "segment 192.0.2.1:80 → 192.0.2.2:40000 [RST] carries TCP option wscale"},
		{name: "RST for no connection with timestamps", flags: "RA", opts: []layers.TCPOption{optNOP, optNOP, optTS}, want: "[RST|ACK] carries TCP option TS: a reset for no connection"},
		{name: "ACK with MSS", flags: "A", opts: []layers.TCPOption{optMSS}, want: "[ACK] carries TCP option mss"},
		{name: "ACK with SACK-permitted", flags: "A", opts: []layers.TCPOption{optNOP, optNOP, optSACKOK}, want: "[ACK] carries TCP option sackOK"},
		{name: "ACK with timestamps its SYN did not have", syn: []layers.TCPOption{optMSS}, flags: "A", opts: []layers.TCPOption{optNOP, optNOP, optTS}, want: "the connection's SYN went without Timestamps"},
		{name: "SYN with SACK blocks", flags: "S", opts: []layers.TCPOption{optNOP, optNOP, optSACK}, want: "[SYN] carries TCP option kind 5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r TCPOptionRules
			if tc.syn != nil {
				assert.Empty(t, r.Check(optSegment(t, true, true, false, tc.syn...)), "faults of the connection's SYN+ACK")
			}
			faults := r.Check(optSegment(t, strings.Contains(tc.flags, "S"), strings.Contains(tc.flags, "A"), strings.Contains(tc.flags, "R"), tc.opts...))
			if tc.want == "" {
				assert.Empty(t, faults, "faults found in a segment that breaks no rule")
				return
			}
			if assert.NotEmpty(t, faults, "no fault found; want one that says %q", tc.want) {
				assert.Contains(t, strings.Join(faults, "\n"), tc.want, "the fault names the segment and the option")
			}
		})
	}
}
