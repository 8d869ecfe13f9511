// Generated from solutions/cmd/demo/day3.go by "go run ./tools/course gen".
// Learners: this is your copy for day 3 — write its TODOs here. Course authors: edit
// solutions/cmd/demo/day3.go instead and regenerate; `course check` fails when the two drift.

package main

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/device"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/ethernet"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/host"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/logging"
)

// day3 joins two stacks, alice and bob, by an in-memory Ethernet link.
// Alice pings bob: her first echo request waits while ARP asks who has
// bob's address; bob answers (and learns alice's MAC from her request);
// then the pings flow. With -pcap every frame on alice's port is captured.
func day3(d *demo) error {
	alice, bob, err := d.alicebob()
	if err != nil {
		return err
	}
	defer alice.Close()
	defer bob.Close()

	dst := netip.MustParseAddr("192.0.2.11")
	for seq := uint16(1); seq <= 3; seq++ {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		r, err := alice.Ping(ctx, dst, seq, []byte("hello, bob"))
		cancel()
		if err != nil {
			return stuckOr(alice.Stack, stuckOr(bob.Stack, err))
		}
		d.out.Infof(logging.App, "alice: %v", r)
	}
	for _, h := range []struct {
		name string
		h    *host.Host
	}{{"alice", alice}, {"bob", bob}} {
		for _, e := range h.h.ARP.Entries() {
			d.out.Infof(logging.App, "%s's neighbour cache: %v", h.name, e)
		}
	}
	if d.pcap != "" {
		d.out.Infof(logging.App, "alice's frames are in %s: tshark -r %s (or open it in Wireshark)", d.pcap, d.pcap)
	}
	return nil
}

// alicebob builds and starts alice (192.0.2.10) and bob (192.0.2.11) on
// one in-memory Ethernet link. The caller closes both.
func (d *demo) alicebob() (alice, bob *host.Host, err error) {
	link := device.NewLink()
	if alice, err = d.newHost("alice", link, "02:00:5e:00:00:0a", "192.0.2.10/24"); err != nil {
		return nil, nil, err
	}
	if bob, err = d.newHost("bob", link, "02:00:5e:00:00:0b", "192.0.2.11/24"); err != nil {
		alice.Close()
		return nil, nil, err
	}
	return alice, bob, nil
}

// newHost builds and starts a host with one Ethernet device on link. Its
// log lines start with its name. The first host's wire is captured to
// d.pcap, if set.
func (d *demo) newHost(name string, link *device.Link, mac, prefix string) (*host.Host, error) {
	s := d.newStack()
	s.Logger().SetPrefix(name)
	var opts host.Options
	h, err := host.On(s, opts)
	if err != nil {
		s.Close()
		return nil, err
	}
	var w device.Wire = link.NewPort()
	if d.pcap != "" && !d.captured {
		if w, err = device.CaptureFile(w, d.pcap); err != nil {
			s.Close()
			return nil, fmt.Errorf("capture: %w", err)
		}
		d.captured = true
	}
	if _, err := h.AddEthernet(w, ethernet.MustParseMAC(mac), netip.MustParsePrefix(prefix)); err != nil {
		s.Close()
		return nil, err
	}
	if err := h.Start(); err != nil {
		s.Close()
		return nil, err
	}
	return h, nil
}

// mustMAC parses a MAC address written in the demo's source.
func mustMAC(s string) ethernet.MAC { return ethernet.MustParseMAC(s) }
