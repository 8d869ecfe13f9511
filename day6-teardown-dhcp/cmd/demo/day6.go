// Generated from solutions/cmd/demo/day6.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/cmd/demo/day6.go instead and regenerate; `course check` fails when the two drift.

package main

import (
	"context"
	"fmt"
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
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/tcp"
)

// demoMSL shortens the maximum segment lifetime of the demo's stacks, so
// that TIME-WAIT (2×MSL: a minute by default) is seen to end in a second.
const demoMSL = 500 * time.Millisecond

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
	carol, err := host.On(s, host.Options{TCP: tcp.Options{MSL: demoMSL}})
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

	tr.CloseIdleConnections()
	if err := web.Close(); err != nil {
		return err
	}

	// The TCP teardown, step by step: the router closes first (FIN-WAIT-1,
	// FIN-WAIT-2, then TIME-WAIT), carol reads end of file and closes too
	// (CLOSE-WAIT, LAST-ACK, CLOSED), and the router's TIME-WAIT ends 2×MSL
	// later. The log shows every state.
	if err := teardown(d, router, carol, lease.Addr.Addr()); err != nil {
		return stuckOr(carol.Stack, stuckOr(router.Stack, err))
	}

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

// teardown opens a connection from the router to carol's echo service,
// and closes it from the router's end first.
func teardown(d *demo, router, carol *host.Host, addr netip.Addr) error {
	ln, err := carol.Listen("tcp", ":7")
	if err != nil {
		return err
	}
	defer ln.Close()
	go services.ServeTCP("echo", ln) // closes its side when it reads end of file
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	nc, err := router.DialContext(ctx, "tcp", netip.AddrPortFrom(addr, 7).String())
	if err != nil {
		return err
	}
	c := nc.(*tcp.Conn)
	if _, err := c.Write([]byte("goodbye\n")); err != nil {
		return err
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadFull(c, make([]byte, 8)); err != nil {
		return err
	}
	d.out.Infof(logging.App, "router: echo from carol; now the router closes first")
	if err := c.Close(); err != nil {
		return err
	}
	for _, want := range []tcp.State{tcp.StateTimeWait, tcp.StateClosed} {
		for c.State() != want {
			select {
			case <-ctx.Done():
				return fmt.Errorf("the router's side never reached %v (it is %v)", want, c.State())
			case <-time.After(10 * time.Millisecond):
			}
		}
		d.out.Infof(logging.App, "router: the connection is %v", want)
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
