//go:build linux

package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"net/netip"

	"github.com/go-tcpip-camp/camp/solutions/checksum"
	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/ethernet"
)

// tapEchoMain is `netbench _tapecho -tap NAME -addr A -mac M`: the least a
// program at the far end of a TAP can do to answer a ping. It reads
// frames from the TAP as campd does (device.OpenTAP: the same reader
// goroutine and Go runtime poller), answers ARP requests and ICMP echo
// requests for A in the frame it read, and writes that frame back: no
// stack, no queue, no copy. Its round trip is the floor of any ping
// through a TAP: the kernel's work on both sides, and waking a program.
// It runs until it is killed.
func tapEchoMain(args []string) error {
	fs := flag.NewFlagSet("netbench _tapecho", flag.ContinueOnError)
	name := fs.String("tap", "", "the TAP device to create")
	addr := fs.String("addr", "", "the IPv4 address to answer for")
	mac := fs.String("mac", "", "the Ethernet address to answer with")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ip, err := netip.ParseAddr(*addr)
	if err != nil || !ip.Is4() {
		return fmt.Errorf("_tapecho: -addr %q: want an IPv4 address", *addr)
	}
	hw, err := ethernet.ParseMAC(*mac)
	if err != nil {
		return fmt.Errorf("_tapecho: -mac: %w", err)
	}
	w, err := device.OpenTAP(*name)
	if err != nil {
		return err
	}
	failed := make(chan error, 1)
	if err := w.Open(func(frame []byte) {
		if echo(frame, ip.As4(), hw) {
			if err := w.WriteFrame(frame); err != nil {
				select {
				case failed <- err:
				default:
				}
			}
		}
	}); err != nil {
		return err
	}
	return errors.Join(<-failed, w.Close())
}

// echo turns frame, in place, into the answer to it if it is an ARP
// request or an ICMP echo request for ip, and reports whether it did.
func echo(f []byte, ip [4]byte, mac ethernet.MAC) bool {
	const eth = 14
	if len(f) < eth+28 {
		return false
	}
	p := f[eth:]
	switch binary.BigEndian.Uint16(f[12:]) {
	case 0x0806: // ARP (RFC 826): request → reply, from us to the asker
		if binary.BigEndian.Uint16(p[6:]) != 1 || [4]byte(p[24:28]) != ip {
			return false
		}
		binary.BigEndian.PutUint16(p[6:], 2)
		copy(p[18:28], p[8:18]) // the asker is the target
		copy(p[8:14], mac[:])
		copy(p[14:18], ip[:])
	case 0x0800: // IPv4 (RFC 791) carrying ICMP (RFC 792) echo request
		ihl := int(p[0]&0x0f) * 4
		if p[9] != 1 || len(p) < ihl+8 || p[ihl] != 8 || [4]byte(p[16:20]) != ip {
			return false
		}
		var src [4]byte
		copy(src[:], p[12:16])
		copy(p[12:16], p[16:20]) // the addresses swap: the IPv4 checksum stays right
		copy(p[16:20], src[:])
		total := int(binary.BigEndian.Uint16(p[2:]))
		icmp := p[ihl:min(total, len(p))]
		icmp[0] = 0 // echo reply
		sum, err := checksum.Compute(icmp, 2, 0)
		if err != nil {
			return false
		}
		binary.BigEndian.PutUint16(icmp[2:], sum)
	default:
		return false
	}
	copy(f[0:6], f[6:12])
	copy(f[6:12], mac[:])
	return true
}
