// Generated from solutions/cmd/demo/day6.go by "go run ./tools/course gen".
// Learners: this is your copy — fill in its TODO(day6) parts. Course authors: edit
// solutions/cmd/demo/day6.go instead and regenerate; `course check` fails when the two drift.

package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/dhcp"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ethernet"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/host"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/services"
)

// day6 puts carol, a stack with no address, on a link with a DHCP server
// (the demo's own tiny dhcpd, on the router 192.0.2.1). Carol's DHCP client
// leases an address, she pings the router, serves HTTP, the router fetches
// her page; then everything closes: the connection, the HTTP server, the
// lease (DHCPRELEASE) and the stacks.
func day6(d *demo) error {
	link := device.NewLink()
	router, err := d.newHost("router", link, "02:00:5e:00:00:01", "192.0.2.1/24")
	if err != nil {
		return err
	}
	defer router.Close()
	srv, err := startDHCPD(d, router)
	if err != nil {
		return err
	}

	s := d.newStack()
	s.Logger().SetPrefix("carol")
	carol, err := host.On(s, host.Options{})
	if err != nil {
		s.Close()
		return err
	}
	defer carol.Close()
	client, err := carol.AddEthernetDHCP(link.NewPort(), ethernet.MustParseMAC("02:00:5e:00:00:0c"), dhcp.Config{HostName: "carol"})
	if err != nil {
		return err
	}
	if err := carol.Start(); err != nil {
		return err
	}
	if err := client.Start(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	lease, err := client.WaitBound(ctx)
	if err != nil {
		return stuckOr(carol.Stack, stuckOr(router.Stack, err))
	}
	d.out.Infof(logging.App, "carol: leased %v", lease)
	for _, r := range carol.IP.Routes() {
		d.out.Infof(logging.App, "carol's route: %v", r)
	}

	r, err := carol.Ping(ctx, lease.Router, 1, []byte("hello, router"))
	if err != nil {
		return stuckOr(carol.Stack, stuckOr(router.Stack, err))
	}
	d.out.Infof(logging.App, "carol: %v", r)

	ln, err := carol.Listen("tcp", ":80")
	if err != nil {
		return err
	}
	web := &http.Server{Handler: services.HTTPHandler()}
	go web.Serve(ln)
	tr := &http.Transport{DialContext: router.DialContext}
	client80 := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	resp, err := client80.Get("http://" + lease.Addr.Addr().String() + "/")
	if err != nil {
		return stuckOr(carol.Stack, stuckOr(router.Stack, err))
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	d.out.Infof(logging.App, "router: GET http://%v/ → %s, %d bytes", lease.Addr.Addr(), resp.Status, len(page))

	// ── TCP teardown ─────────────────────────────────────────────────────
	// The connection closes here: the router's idle HTTP connection, then
	// carol's server and its listener. Day 6's TCP half shows its FIN
	// exchange and TIME-WAIT in the log at this point.
	tr.CloseIdleConnections()
	if err := web.Close(); err != nil {
		return err
	}
	// ── end of the TCP teardown ─────────────────────────────────────────

	if err := client.Stop(ctx); err != nil {
		return err
	}
	select {
	case a := <-srv.released:
		d.out.Infof(logging.App, "router: carol gave %v back; she has no address now (%d interfaces but loopback)", a, len(carol.IP.Interfaces())-1)
	case <-ctx.Done():
		return stuck(router.Stack, "the DHCP server never saw carol's DHCPRELEASE")
	}
	return nil
}

// startDHCPD starts the demo's DHCP server on h's Ethernet device, leasing
// 192.0.2.100 to 192.0.2.109; its socket is closed with h's stack.
func startDHCPD(d *demo, h *host.Host) (*dhcpd, error) {
	conn, err := h.ListenUDP("udp", &net.UDPAddr{Port: dhcp.ServerPort})
	if err != nil {
		return nil, err
	}
	conn.SetBroadcastDevice(h.Stack.Device("net1"))
	srv := &dhcpd{conn: conn, stack: h.Stack, log: d.out, server: netip.MustParseAddr("192.0.2.1"),
		mask: netip.MustParseAddr("255.255.255.0"), leases: map[ethernet.MAC]netip.Addr{}, released: make(chan netip.Addr, 4)}
	for a, i := netip.MustParseAddr("192.0.2.100"), 0; i < 10; a, i = a.Next(), i+1 {
		srv.pool = append(srv.pool, a)
	}
	go srv.serve()
	return srv, nil
}
