// Generated from solutions/arp/example_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 4 — write its TODOs here. Course authors: edit
// solutions/arp/example_test.go instead and regenerate; `course check` fails when the two drift.

package arp_test

import (
	"fmt"
	"net/netip"

	"github.com/go-tcpip-camp/camp/day4-routing-udp/arp"
	"github.com/go-tcpip-camp/camp/day4-routing-udp/ethernet"
)

func ExampleParse() {
	pkt := []byte{
		0x00, 0x01, 0x08, 0x00, 0x06, 0x04, // Ethernet, IPv4, 6-byte and 4-byte addresses
		0x00, 0x01, // request
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 192, 0, 2, 1, // sender
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 192, 0, 2, 2, // target
		0x00, 0x00, 0x00, 0x00, // Ethernet padding, ignored
	}
	p, err := arp.Parse(pkt)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p)
	// Output:
	// request who-has 192.0.2.2 tell 192.0.2.1 (02:00:00:00:00:01)
}

// Answer a request for one of our addresses, and frame the answer.
func ExampleReply() {
	ourMAC := ethernet.MustParseMAC("02:00:00:00:00:02")
	req := arp.Request(ethernet.MustParseMAC("02:00:00:00:00:01"),
		netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2"))

	reply := arp.Reply(ourMAC, req.TargetIP, req.SenderMAC, req.SenderIP)
	pkt, err := reply.Append(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	h := ethernet.Header{Dst: req.SenderMAC, Src: ourMAC, Type: ethernet.EtherTypeARP}
	frame, err := ethernet.AppendFrame(nil, h, pkt)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req)
	fmt.Println(reply)
	fmt.Println(h, len(frame), "bytes")
	fmt.Printf("% x\n", pkt)
	// Output:
	// request who-has 192.0.2.2 tell 192.0.2.1 (02:00:00:00:00:01)
	// reply 192.0.2.2 is-at 02:00:00:00:00:02
	// 02:00:00:00:00:02 > 02:00:00:00:00:01 type=arp 60 bytes
	// 00 01 08 00 06 04 00 02 02 00 00 00 00 02 c0 00 02 02 02 00 00 00 00 01 c0 00 02 01
}

func ExamplePacket_IsGratuitous() {
	mac := ethernet.MustParseMAC("02:00:00:00:00:01")
	ip := netip.MustParseAddr("192.0.2.1")
	announcement := arp.Request(mac, ip, ip) // "192.0.2.1 is at 02:00:00:00:00:01", to everyone
	fmt.Println(announcement.IsGratuitous(), announcement)
	// Output:
	// true request who-has 192.0.2.1 tell 192.0.2.1 (02:00:00:00:00:01)
}
