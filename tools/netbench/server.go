package main

import (
	"flag"
	"fmt"
	"net"
	"net/netip"

	"github.com/go-tcpip-camp/camp/solutions/services"
)

// baselineServices are the services both networks offer: campd serves them
// on our stack, serveMain on the kernel's.
var baselineServices = []string{"discard", "chargen", "http"}

// serveMain is `netbench _serve -addr A`, the server of the baseline. It
// runs in the baseline's server namespace and offers at A the services
// campd offers on our stack, with the very same code
// (solutions/services.ServeTCP) on the kernel's sockets: so the baseline
// differs from the measurement under test by the TCP/IP stack only. It
// runs until it is killed.
func serveMain(args []string) error {
	fs := flag.NewFlagSet("netbench _serve", flag.ContinueOnError)
	addr := fs.String("addr", "", "the address to serve on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ip, err := netip.ParseAddr(*addr)
	if err != nil {
		return fmt.Errorf("_serve: -addr: %w", err)
	}
	errs := make(chan error, len(baselineServices))
	for _, name := range baselineServices {
		port, err := services.Port(name)
		if err != nil {
			return err
		}
		ln, err := net.Listen("tcp", netip.AddrPortFrom(ip, uint16(port)).String())
		if err != nil {
			return err
		}
		go func() { errs <- fmt.Errorf("%s: %w", name, services.ServeTCP(name, ln)) }()
	}
	// ServeTCP returns only if its listener fails.
	return <-errs
}
