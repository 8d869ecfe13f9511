// Generated from solutions/internal/camptest/icmperr.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/internal/camptest/icmperr.go instead and regenerate; `course check` fails when the two drift.

package camptest

import (
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
)

// ICMPError describes an ICMP error message for ICMPErrorFrame.
type ICMPError struct {
	Type, Code uint8
	MTU        uint16 // Destination Unreachable, fragmentation needed: the next-hop MTU (RFC 1191)
	Quote      []byte // the datagram the error is about: its IP header and at least 8 bytes more
}

// ICMPErrorFrame builds, with gopacket, an ICMP error message from src to
// dst in an Ethernet frame, as a router or a host would send it.
func ICMPErrorFrame(t testing.TB, srcMAC, dstMAC, src, dst string, e ICMPError) []byte {
	t.Helper()
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolICMPv4, SrcIP: mustIP(src), DstIP: mustIP(dst)}
	// The four bytes after the checksum: unused (zero), but for
	// "fragmentation needed", whose low 16 bits are the MTU. gopacket
	// writes them as Id and Seq.
	icmp := &layers.ICMPv4{TypeCode: layers.CreateICMPv4TypeCode(e.Type, e.Code), Seq: e.MTU}
	return EtherFrame(t, srcMAC, dstMAC, layers.EthernetTypeIPv4, ip, icmp, gopacket.Payload(e.Quote))
}

// QuoteOf returns what an ICMP error quotes of a datagram the stack sent
// (RFC 792): its IP header and the first 8 bytes of its payload.
func QuoteOf(ip *layers.IPv4) []byte {
	q := append([]byte(nil), ip.Contents...)
	return append(q, ip.Payload[:min(len(ip.Payload), 8)]...)
}
