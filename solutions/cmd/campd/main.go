//camp:file 3

// Command campd runs the stack on a real network: a Linux TAP device,
// which the kernel sees as an Ethernet card with the stack at its far end.
//
//	sudo go run ./solutions/cmd/campd -tap camp0 -addr 192.0.2.2/24
//	sudo ip addr add 192.0.2.1/24 dev camp0 && sudo ip link set camp0 up
//	ping 192.0.2.2
//
// It runs until SIGINT (Ctrl-C) or SIGTERM, then closes the stack cleanly.
// docs/day3-ethernet-arp.md shows how to run it inside a network
// namespace, so that nothing reaches any other network; `go run
// ./tools/course lab day3` does it all for you, without root, and opens a
// shell in that namespace.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/go-tcpip-camp/camp/solutions/arp"
	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/dhcp"
	"github.com/go-tcpip-camp/camp/solutions/ethernet"
	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/services"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "campd:", err)
		os.Exit(1)
	}
}

func run() error {
	tap := flag.String("tap", "", "the TAP `device` to attach to, created if absent (required)")
	addr := flag.String("addr", "", "the stack's address and prefix, for example 192.0.2.2/24 (required)")
	macFlag := flag.String("mac", "", "the stack's MAC `address` (default: a random locally administered one)")
	pcapFile := flag.String("pcap", "", "write every frame in and out to this pcap `file`")
	verbose := flag.Bool("v", false, "debug logging with hex dumps of every frame")
	quiet := flag.Bool("q", false, "log warnings and errors only (every echo and datagram is an info line: a log line per packet costs time)")
	reachable := flag.Duration("arp-reachable", 0, "how long an ARP answer keeps a neighbour REACHABLE (default 30s, Linux's base_reachable_time); shorter to watch STALE, DELAY and PROBE")
	//camp:from 4
	gw := flag.String("gw", "", "the default gateway's `address`, for example 192.0.2.1")
	serve := flag.String("serve", "", "comma-separated `services` to offer: "+strings.Join(services.Names(), ", "))
	//camp:end
	//camp:from 6
	useDHCP := flag.Bool("dhcp", false, "lease the address, subnet and default gateway from a DHCP server (instead of -addr and -gw)")
	hostname := flag.String("hostname", "", "the host `name` to tell the DHCP server (option 12)")
	offload := flag.Bool("offload", true, "let the kernel hand over TCP segments of up to 64 KiB with checksums to finish (virtio-net header): far fewer system calls")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this `file`, for go tool pprof")
	//camp:end
	flag.Parse()

	//camp:from 6
	if *cpuProfile != "" {
		// Where the stack spends its CPU time, sampled 100 times a second
		// until campd stops: go tool pprof -top campd FILE.
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	//camp:end

	//camp:from 6
	if *tap == "" || (*addr == "") != *useDHCP {
		flag.Usage()
		return errors.New("-tap and one of -addr or -dhcp are required")
	}
	if *useDHCP && *gw != "" {
		return errors.New("-gw: with -dhcp the gateway comes from the DHCP server")
	}
	var prefix netip.Prefix
	var err error
	if *addr != "" {
		prefix, err = netip.ParsePrefix(*addr)
	}
	//camp:else
	// if *tap == "" || *addr == "" {
	// 	flag.Usage()
	// 	return errors.New("-tap and -addr are required")
	// }
	// prefix, err := netip.ParsePrefix(*addr)
	//camp:end
	if err != nil {
		return fmt.Errorf("-addr: %w", err)
	}
	mac, err := chooseMAC(*macFlag)
	if err != nil {
		return err
	}
	level := logging.LevelInfo
	switch {
	case *verbose:
		level = logging.LevelDebug
	case *quiet:
		level = logging.LevelWarn
	}
	log := logging.New(os.Stderr, level)

	h, err := host.New(host.Options{Logger: log, ARP: arp.Options{ReachableTime: *reachable}})
	if err != nil {
		return err
	}
	defer h.Close()
	open := device.OpenTAP
	//camp:from 6
	if *offload {
		open = device.OpenTAPOffload
	}
	//camp:end
	var w device.Wire
	if w, err = open(*tap); err != nil {
		return err
	}
	if *pcapFile != "" {
		if w, err = device.CaptureFile(w, *pcapFile); err != nil {
			return err
		}
	}
	//camp:from 6
	var client *dhcp.Client
	if *useDHCP {
		if client, err = h.AddEthernetDHCP(w, mac, dhcp.Config{HostName: *hostname}); err != nil {
			return err
		}
	}
	if !*useDHCP {
		//camp:end
		if _, err := h.AddEthernet(w, mac, prefix); err != nil {
			return err
		}
		//camp:from 6
	}
	//camp:end
	//camp:from 4
	if *gw != "" {
		a, err := netip.ParseAddr(*gw)
		if err != nil {
			return fmt.Errorf("-gw: %w", err)
		}
		if err := h.SetDefaultGateway(a); err != nil {
			return err
		}
	}
	//camp:end
	if err := h.Start(); err != nil {
		return err
	}
	//camp:from 4
	if err := startServices(h, *serve, log); err != nil {
		return err
	}
	//camp:end
	//camp:from 6
	if client != nil {
		if err := client.Start(); err != nil {
			return err
		}
		log.Infof(logging.App, "campd: asking DHCP for an address for %v on TAP %s; Ctrl-C to stop", mac, *tap)
	} else {
		//camp:end
		log.Infof(logging.App, "campd: %v at %v on TAP %s; Ctrl-C to stop", prefix, mac, *tap)
		//camp:from 6
	}
	//camp:end

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	sig := <-stop
	log.Infof(logging.App, "campd: %v: shutting down", sig)
	//camp:from 6
	if client != nil {
		// Give the address back before the stack goes (RFC 2131 §4.4.6).
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		if err := client.Stop(ctx); err != nil {
			log.Warnf(logging.App, "campd: releasing the lease: %v", err)
		}
		cancel()
		// The kernel deletes the TAP device as soon as campd closes it. A
		// server on the kernel's side that reads the DHCPRELEASE after that
		// finds no interface and drops it (dnsmasq logs "DHCP packet
		// received on camp0 which has no address"): let the link stay up
		// a moment longer, as a real network card would.
		time.Sleep(500 * time.Millisecond)
	}
	//camp:end
	return h.Close()
}

// chooseMAC parses s, or makes a random unicast, locally administered
// address (the second-lowest bit of the first byte set: an address no
// vendor owns: the U/L bit of IEEE 802) if s is empty.
func chooseMAC(s string) (ethernet.MAC, error) {
	if s != "" {
		return ethernet.ParseMAC(s)
	}
	var m ethernet.MAC
	if _, err := rand.Read(m[:]); err != nil {
		return m, err
	}
	m[0] = m[0]&^0x01 | 0x02
	return m, nil
}

//camp:from 4

// startServices starts the comma-separated services of list, each on its
// well-known port.
func startServices(h *host.Host, list string, log *logging.Logger) error {
	if list == "" {
		return nil
	}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		port, err := services.Port(name)
		if err != nil {
			return fmt.Errorf("-serve: %w", err)
		}
		//camp:from 5
		if name != "http" {
			//camp:end
			c, err := h.ListenUDP("udp", &net.UDPAddr{Port: port})
			if err != nil {
				return err
			}
			go func() {
				if err := services.ServeUDP(name, c); err != nil {
					log.Errorf(logging.App, "udp %s: %v", name, err)
				}
			}()
			log.Infof(logging.App, "serving %s on udp port %d", name, port)
			//camp:from 5
		}
		ln, err := h.Listen("tcp", fmt.Sprintf(":%d", port))
		if err != nil {
			return err
		}
		go func() {
			if err := services.ServeTCP(name, ln); err != nil {
				log.Errorf(logging.App, "tcp %s: %v", name, err)
			}
		}()
		log.Infof(logging.App, "serving %s on tcp port %d", name, port)
		//camp:end
	}
	return nil
}

//camp:end
