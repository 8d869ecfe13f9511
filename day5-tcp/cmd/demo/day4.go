// Generated from solutions/cmd/demo/day4.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/cmd/demo/day4.go instead and regenerate; `course check` fails when the two drift.

package main

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/go-tcpip-camp/camp/day5-tcp/device"
	"github.com/go-tcpip-camp/camp/day5-tcp/logging"
	"github.com/go-tcpip-camp/camp/day5-tcp/services"
)

// day4 builds two subnets joined by a router:
//
//	alice 192.0.2.10 ── lan ── 192.0.2.1 router 198.51.100.1 ── wan ── 198.51.100.2 bob
//
// Alice reaches bob through her default gateway: she pings him, and talks
// to his UDP echo service with a socket that is a net.Conn. Then she sends
// a datagram to a port where nobody listens, and bob's stack answers with
// ICMP port unreachable.
func day4(d *demo) error {
	lan, wan := device.NewLink(), device.NewLink()
	alice, err := d.newHost("alice", lan, "02:00:5e:00:00:0a", "192.0.2.10/24")
	if err != nil {
		return err
	}
	defer alice.Close()
	router, err := d.newHost("router", lan, "02:00:5e:00:00:01", "192.0.2.1/24")
	if err != nil {
		return err
	}
	defer router.Close()
	if _, err := router.AddEthernet(wan.NewPort(), mustMAC("02:00:5e:00:01:01"), netip.MustParsePrefix("198.51.100.1/24")); err != nil {
		return err
	}
	router.IP.SetForwarding(true)
	bob, err := d.newHost("bob", wan, "02:00:5e:00:01:02", "198.51.100.2/24")
	if err != nil {
		return err
	}
	defer bob.Close()
	if err := alice.SetDefaultGateway(netip.MustParseAddr("192.0.2.1")); err != nil {
		return err
	}
	if err := bob.SetDefaultGateway(netip.MustParseAddr("198.51.100.1")); err != nil {
		return err
	}
	for _, r := range alice.IP.Routes() {
		d.out.Infof(logging.App, "alice's route: %v", r)
	}

	bobAddr := netip.MustParseAddr("198.51.100.2")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	r, err := alice.Ping(ctx, bobAddr, 1, []byte("across the router"))
	cancel()
	if err != nil {
		return stuckOr(alice.Stack, stuckOr(router.Stack, err))
	}
	d.out.Infof(logging.App, "alice: %v (one hop: ttl 63)", r)

	echo, err := bob.ListenUDP("udp", &net.UDPAddr{Port: services.EchoPort})
	if err != nil {
		return err
	}
	go services.ServeUDP("echo", echo)
	conn, err := alice.DialUDP("udp", nil, &net.UDPAddr{IP: bobAddr.AsSlice(), Port: services.EchoPort})
	if err != nil {
		return err
	}
	defer conn.Close()
	msg := "hello, bob, over UDP"
	if _, err := conn.Write([]byte(msg)); err != nil {
		return err
	}
	conn.SetReadDeadline(time.Now().Add(3 * time.Second))
	buf := make([]byte, 100)
	n, err := conn.Read(buf)
	if err != nil {
		return stuckOr(bob.Stack, stuckOr(alice.Stack, err))
	}
	if string(buf[:n]) != msg {
		return fmt.Errorf("echo returned %q, want %q", buf[:n], msg)
	}
	d.out.Infof(logging.App, "alice: bob's echo service answered %q", buf[:n])

	closed, err := alice.DialUDP("udp", nil, &net.UDPAddr{IP: bobAddr.AsSlice(), Port: 9999})
	if err != nil {
		return err
	}
	defer closed.Close()
	if _, err := closed.Write([]byte("anyone?")); err != nil {
		return err
	}
	deadline := time.Now().Add(3 * time.Second)
	for alice.ICMP.Stats().InDestUnreachs == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if alice.ICMP.Stats().InDestUnreachs == 0 {
		return stuck(bob.Stack, "no port unreachable came back for port 9999")
	}
	d.out.Infof(logging.App, "alice: bob's stack answered port 9999 with ICMP port unreachable")
	return nil
}
