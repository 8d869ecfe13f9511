// Generated from solutions/dhcp/message.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/dhcp/message.go instead and regenerate; `course check` fails when the two drift.

package dhcp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ethernet"
)

// The DHCP message, RFC 2131 §2, Figure 1: BOOTP's fixed-format message
// (RFC 951) with its 64-byte vendor area turned into options (RFC 2132).
// The numbers in brackets are the field sizes in bytes.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+---------------+---------------+---------------+---------------+
//	|     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
//	+---------------+---------------+---------------+---------------+
//	|                            xid (4)                            |
//	+-------------------------------+-------------------------------+
//	|           secs (2)            |           flags (2)           |
//	+-------------------------------+-------------------------------+
//	|                          ciaddr  (4)                          |
//	+---------------------------------------------------------------+
//	|                          yiaddr  (4)                          |
//	+---------------------------------------------------------------+
//	|                          siaddr  (4)                          |
//	+---------------------------------------------------------------+
//	|                          giaddr  (4)                          |
//	+---------------------------------------------------------------+
//	|                          chaddr  (16)                         |
//	+---------------------------------------------------------------+
//	|                          sname   (64)                         |
//	+---------------------------------------------------------------+
//	|                          file    (128)                        |
//	+---------------------------------------------------------------+
//	|        magic cookie 99.130.83.99 (4), then options            |
//	+---------------------------------------------------------------+
const (
	offOp     = 0
	offHType  = offOp + 1
	offHLen   = offHType + 1
	offHops   = offHLen + 1
	offXID    = offHops + 1
	offSecs   = offXID + 4
	offFlags  = offSecs + 2
	offCIAddr = offFlags + 2
	offYIAddr = offCIAddr + 4
	offSIAddr = offYIAddr + 4
	offGIAddr = offSIAddr + 4
	offCHAddr = offGIAddr + 4
	offSName  = offCHAddr + 16
	offFile   = offSName + 64
	offCookie = offFile + 128
	offOpts   = offCookie + 4

	// MinLen is the shortest DHCP message: the fixed fields and the
	// cookie, 240 bytes, with no options.
	MinLen = offOpts
	// minSendLen is the length the messages we send are padded to: BOOTP's
	// 300 bytes (RFC 951's 64-byte vendor area), which some relay agents
	// still expect (RFC 1542 §2.1).
	minSendLen = 300
)

// Cookie is the magic cookie 99.130.83.99 that starts the options field
// (RFC 2131 §3, RFC 2132 §2): it says "the rest is RFC 2132 options".
const Cookie = 0x63825363

// The UDP ports of DHCP (RFC 2131 §4.1): servers listen on 67, clients on
// 68, so that a server's broadcast reply wakes only DHCP clients.
const (
	ServerPort = 67
	ClientPort = 68
)

// htypeEthernet is the htype of Ethernet (ARP's hardware type 1, RFC 1700);
// its addresses are 6 bytes long (hlen).
const (
	htypeEthernet = 1
	hlenEthernet  = 6
)

// Op is the BOOTP message op: a request from a client or a reply from a
// server.
type Op uint8

// The two ops.
const (
	OpRequest Op = 1 // BOOTREQUEST: client to server
	OpReply   Op = 2 // BOOTREPLY: server to client
)

func (o Op) String() string {
	switch o {
	case OpRequest:
		return "BOOTREQUEST"
	case OpReply:
		return "BOOTREPLY"
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// GoString is what %#v prints: a failing test names the op.
func (o Op) GoString() string { return o.String() }

// FlagBroadcast is the one flag of the flags field (RFC 2131 §2, Figure 2):
// a client that cannot receive unicast datagrams before it has an address
// sets it, and servers then broadcast their replies.
const FlagBroadcast = 0x8000

// The errors of [Parse]. Each returned error wraps one of them and says
// what was wrong, so test with errors.Is.
var (
	ErrTooShort      = errors.New("dhcp: message too short")
	ErrCookie        = errors.New("dhcp: no magic cookie (a BOOTP message, not DHCP)")
	ErrHardware      = errors.New("dhcp: hardware address is not Ethernet")
	ErrOptionLength  = errors.New("dhcp: option runs past the end of the message")
	ErrOptionValue   = errors.New("dhcp: option has a bad length for its type")
	ErrNoMessageType = errors.New("dhcp: no DHCP message type option")
)

// Message is a DHCP message: the fixed BOOTP fields and the options.
//
// [Parse] fills every field; [Message.Append] writes them. The sname and
// file fields, which name a boot server and a boot file, are not used by
// this client: Parse skips them and Append writes zeros. So does option
// overload (52), which would put more options in them.
type Message struct {
	Op     Op
	Hops   uint8      // relay agents count themselves here
	XID    uint32     // transaction ID, chosen by the client, copied by servers
	Secs   uint16     // seconds since the client began acquiring or renewing
	Flags  uint16     // FlagBroadcast, or 0
	CIAddr netip.Addr // client's address, when it has one (BOUND, RENEWING, REBINDING)
	YIAddr netip.Addr // "your" address: what the server offers or assigns
	SIAddr netip.Addr // next server to use in bootstrap (TFTP); not used here
	GIAddr netip.Addr // relay agent's address, when a relay forwarded the message
	CHAddr ethernet.MAC

	Options Options
}

// Parse reads a DHCP message. It checks the length, the magic cookie and
// the hardware type (Ethernet only), and parses the options (see
// [ParseOptions]); a message without a DHCP message type option is refused
// with [ErrNoMessageType], since it is plain BOOTP.
func Parse(b []byte) (Message, error) {
	if len(b) < MinLen {
		return Message{}, fmt.Errorf("%w: %d bytes, want at least %d", ErrTooShort, len(b), MinLen)
	}
	if c := binary.BigEndian.Uint32(b[offCookie:]); c != Cookie {
		return Message{}, fmt.Errorf("%w: %#08x", ErrCookie, c)
	}
	if b[offHType] != htypeEthernet || b[offHLen] != hlenEthernet {
		return Message{}, fmt.Errorf("%w: htype %d hlen %d", ErrHardware, b[offHType], b[offHLen])
	}
	m := Message{
		Op:     Op(b[offOp]),
		Hops:   b[offHops],
		XID:    binary.BigEndian.Uint32(b[offXID:]),
		Secs:   binary.BigEndian.Uint16(b[offSecs:]),
		Flags:  binary.BigEndian.Uint16(b[offFlags:]),
		CIAddr: addr4(b[offCIAddr:]),
		YIAddr: addr4(b[offYIAddr:]),
		SIAddr: addr4(b[offSIAddr:]),
		GIAddr: addr4(b[offGIAddr:]),
		CHAddr: ethernet.MAC(b[offCHAddr : offCHAddr+hlenEthernet]),
	}
	opts, err := ParseOptions(b[offOpts:])
	if err != nil {
		return Message{}, err
	}
	if opts.Type == 0 {
		return Message{}, ErrNoMessageType
	}
	m.Options = opts
	return m, nil
}

// Append appends the message to b and returns the result: the fixed
// fields, the cookie, the options with an End option, and zero padding up
// to BOOTP's 300 bytes. Addresses that are not set are written as 0.0.0.0.
func (m Message) Append(b []byte) []byte {
	start := len(b)
	b = append(b, make([]byte, MinLen)...)
	h := b[start:]
	h[offOp] = byte(m.Op)
	h[offHType] = htypeEthernet
	h[offHLen] = hlenEthernet
	h[offHops] = m.Hops
	binary.BigEndian.PutUint32(h[offXID:], m.XID)
	binary.BigEndian.PutUint16(h[offSecs:], m.Secs)
	binary.BigEndian.PutUint16(h[offFlags:], m.Flags)
	putAddr4(h[offCIAddr:], m.CIAddr)
	putAddr4(h[offYIAddr:], m.YIAddr)
	putAddr4(h[offSIAddr:], m.SIAddr)
	putAddr4(h[offGIAddr:], m.GIAddr)
	copy(h[offCHAddr:offCHAddr+16], m.CHAddr[:])
	clear(h[offCHAddr+hlenEthernet : offCookie]) // the rest of chaddr, sname and file
	binary.BigEndian.PutUint32(h[offCookie:], Cookie)
	b = m.Options.Append(b)
	for len(b)-start < minSendLen {
		b = append(b, 0) // Pad options
	}
	return b
}

// String returns the message as one log line, for example
//
//	DHCPOFFER xid=0x3903f326 yiaddr=192.0.2.50 server=192.0.2.1 lease=1h0m0s
func (m Message) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v xid=%#08x", m.Options.Type, m.XID)
	for _, f := range []struct {
		name string
		a    netip.Addr
	}{{"ciaddr", m.CIAddr}, {"yiaddr", m.YIAddr}, {"giaddr", m.GIAddr}} {
		if f.a.IsValid() && !f.a.IsUnspecified() {
			fmt.Fprintf(&b, " %s=%v", f.name, f.a)
		}
	}
	if m.Flags&FlagBroadcast != 0 {
		b.WriteString(" broadcast")
	}
	if s := m.Options.String(); s != "" {
		b.WriteString(" " + s)
	}
	return b.String()
}

// addr4 reads an IPv4 address from the first four bytes of b.
func addr4(b []byte) netip.Addr { return netip.AddrFrom4([4]byte(b[:4])) }

// putAddr4 writes a, or 0.0.0.0 if a is not a valid IPv4 address, into
// the first four bytes of b.
func putAddr4(b []byte, a netip.Addr) {
	if !a.Is4() {
		a = netip.IPv4Unspecified()
	}
	v := a.As4()
	copy(b, v[:])
}
