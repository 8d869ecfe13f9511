// Generated from solutions/cmd/campd/main.go by "go run ./tools/course gen".
// Learners: this is your copy for day 3 — write its TODOs here. Course authors: edit
// solutions/cmd/campd/main.go instead and regenerate; `course check` fails when the two drift.

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
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"syscall"

	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/arp"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/device"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/ethernet"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/host"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/logging"
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
	flag.Parse()

	if *tap == "" || *addr == "" {
		flag.Usage()
		return errors.New("-tap and -addr are required")
	}
	prefix, err := netip.ParsePrefix(*addr)
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
	var w device.Wire
	if w, err = open(*tap); err != nil {
		return err
	}
	if *pcapFile != "" {
		if w, err = device.CaptureFile(w, *pcapFile); err != nil {
			return err
		}
	}
	if _, err := h.AddEthernet(w, mac, prefix); err != nil {
		return err
	}
	if err := h.Start(); err != nil {
		return err
	}
	log.Infof(logging.App, "campd: %v at %v on TAP %s; Ctrl-C to stop", prefix, mac, *tap)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	sig := <-stop
	log.Infof(logging.App, "campd: %v: shutting down", sig)
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
