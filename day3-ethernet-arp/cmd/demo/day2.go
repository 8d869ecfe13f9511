// Generated from solutions/cmd/demo/day2.go by "go run ./tools/course gen".
// Learners: this is your copy for day 3 — write its TODOs here. Course authors: edit
// solutions/cmd/demo/day2.go instead and regenerate; `course check` fails when the two drift.

package main

import (
	"context"
	"net/netip"
	"time"

	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/device"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/icmp"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/ipv4"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/logging"
)

// day2 pings 127.0.0.1 through the stack's own loopback device: the echo
// request goes down through ICMP, IP and the device, comes back up as
// input, is answered, and the reply travels the same way once more.
func day2(d *demo) error {
	s := d.newStack()
	defer s.Close()

	lo, err := device.NewLoopback(s)
	if err != nil {
		return err
	}
	ip, err := ipv4.New(s)
	if err != nil {
		return err
	}
	if _, err := ip.AddInterface(lo, netip.MustParsePrefix("127.0.0.1/8")); err != nil {
		return err
	}
	ic, err := icmp.New(ip)
	if err != nil {
		return err
	}
	if err := s.Start(); err != nil {
		return err
	}

	dst := netip.MustParseAddr("127.0.0.1")
	data := []byte("Go TCP/IP Camp! 0123456789 abcdefghijklmnopqrstuvwxyz!!!") // 56 bytes, as ping sends
	d.out.Infof(logging.App, "PING %v %d(%d) bytes of data.", dst, len(data), len(data)+icmp.HeaderLen+ipv4.MinHeaderLen)
	for seq := uint16(1); seq <= 3; seq++ {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		r, err := ic.Ping(ctx, dst, seq, data)
		cancel()
		if err != nil {
			return stuckOr(s, err)
		}
		d.out.Infof(logging.App, "%v", r)
	}
	st := ic.Stats()
	d.out.Infof(logging.App, "--- %v ping statistics --- %d transmitted, %d received", dst, st.OutEchos, st.InEchoReps)
	return nil
}
