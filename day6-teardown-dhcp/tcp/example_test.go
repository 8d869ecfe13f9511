// Generated from solutions/tcp/example_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/example_test.go instead and regenerate; `course check` fails when the two drift.

package tcp_test

import (
	"fmt"
	"net/netip"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/tcp"
)

func ExampleParse() {
	// The addresses come from the IPv4 header that carried the segment:
	// the checksum covers them too.
	src := netip.MustParseAddr("192.0.2.1")
	dst := netip.MustParseAddr("192.0.2.2")
	seg := []byte{
		0x9c, 0x40, 0x00, 0x50, // ports 40000 → 80
		0x00, 0x00, 0x03, 0xe8, // seq 1000
		0x00, 0x00, 0x00, 0x00, // ack 0
		0xa0, 0x02, 0xfa, 0xf0, // data offset 40 bytes, SYN, window 64240
		0x46, 0x51, 0x00, 0x00, // checksum, urgent pointer
		0x02, 0x04, 0x05, 0xb4, // MSS 1460
		0x04, 0x02, 0x08, 0x0a, // SACK-permitted, timestamps ...
		0x00, 0x01, 0xe2, 0x40, // ... TSval 123456
		0x00, 0x00, 0x00, 0x00, // ... TSecr 0
		0x01, 0x03, 0x03, 0x07, // NOP, window scale 7
	}
	h, payload, err := tcp.Parse(seg, src, dst)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h)
	fmt.Println("header:", h.DataOffset, "bytes, data:", len(payload), "bytes, sequence space:", h.SeqLen(len(payload)))

	// A byte changed on the way.
	seg[15] = 0xf1
	_, _, err = tcp.Parse(seg, src, dst)
	fmt.Println(err)
	// Output:
	// 40000 → 80 [SYN] seq=1000 win=64240 mss=1460 sackOK ts=123456/0 ws=7
	// header: 40 bytes, data: 0 bytes, sequence space: 1
	// tcp: bad checksum 0x4651 (want 0x4650)
}

func ExampleHeader_Append() {
	// The server's answer to the SYN of ExampleParse.
	h := tcp.Header{
		SrcPort: 80, DstPort: 40000,
		Seq: 5000, Ack: 1001,
		Flags:   tcp.FlagSYN | tcp.FlagACK,
		Window:  65160,
		Options: tcp.HeaderOptions{MSS: 1460, WindowScale: -1},
	}
	src := netip.MustParseAddr("192.0.2.2")
	dst := netip.MustParseAddr("192.0.2.1")

	seg := make([]byte, 0, tcp.MaxHeaderLen) // no allocation in Append
	seg, err := h.Append(seg, nil, src, dst)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("% x\n", seg[:12])
	fmt.Printf("% x\n", seg[12:])
	// Output:
	// 00 50 9c 40 00 00 13 88 00 00 03 e9
	// 60 12 fe 88 61 88 00 00 02 04 05 b4
}

func ExampleParseOptions() {
	opts := []byte{
		0x02, 0x04, 0x05, 0x78, // MSS 1400
		0x63, 0x04, 0xbe, 0xef, // kind 99, length 4: unknown, skipped
		0x01, 0x03, 0x03, 0x0f, // NOP, window scale 15: more than 14
		0x00, 0x00, 0x00, 0x00, // End of Option List and padding
	}
	o, err := tcp.ParseOptions(opts)
	fmt.Println(o, err)

	_, err = tcp.ParseOptions([]byte{0x02, 0x03, 0x05, 0x01})
	fmt.Println(err)
	// Output:
	// mss=1400 ws=14 <nil>
	// tcp: bad options: mss at byte 0 has length 3, want 4
}

func ExampleHeaderOptions_Append() {
	syn := tcp.HeaderOptions{MSS: 1460, SACKPermitted: true, HasTimestamps: true, TSVal: 1, WindowScale: 7}
	fmt.Printf("% x\n", syn.Append(nil))

	// After the SYN only the timestamps are left.
	later := tcp.HeaderOptions{HasTimestamps: true, TSVal: 2, TSEcr: 3, WindowScale: -1}
	fmt.Printf("% x\n", later.Append(nil))
	// Output:
	// 02 04 05 b4 04 02 08 0a 00 00 00 01 00 00 00 00 01 03 03 07
	// 01 01 08 0a 00 00 00 02 00 00 00 03
}

func ExampleFlags_String() {
	fmt.Println(tcp.FlagSYN | tcp.FlagACK)
	fmt.Println(tcp.FlagACK | tcp.FlagPSH)
	fmt.Println(tcp.Flags(0))
	// Output:
	// SYN|ACK
	// PSH|ACK
	// none
}
