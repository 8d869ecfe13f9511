//camp:file 6

package dhcp

import (
	"encoding/binary"
	"fmt"
	"math"
	"net/netip"
	"strings"
	"time"
)

// Options are carried after the magic cookie as a list of TLVs (RFC 2132
// §2): a code byte, a length byte and that many bytes of data. Two codes
// stand alone, without a length: Pad (0), a filler byte, and End (255),
// after which nothing more is read.
//
//	code  len  data…          code  len  data…        … End
//	+----+----+----+----+     +----+----+----+         +-----+
//	| 53 |  1 |  2 |    …     |  1 |  4 | 255 …  …     | 255 |
//	+----+----+----+          +----+----+----+         +-----+
//	 message type = OFFER      subnet mask
//
// The order of options is free: the message type may come last, and a
// client must find it wherever it is. An option may also appear more than
// once; RFC 3396 §4 says its parts are then joined, in order, into one.

// OptionCode is the code of an option (RFC 2132).
type OptionCode uint8

// The options this client reads or writes.
const (
	OptPad          OptionCode = 0   // a filler byte (RFC 2132 §3.1)
	OptSubnetMask   OptionCode = 1   // the subnet mask, 4 bytes (§3.3)
	OptRouter       OptionCode = 3   // routers on the subnet, in order of preference, 4 bytes each (§3.5)
	OptDNS          OptionCode = 6   // domain name servers, 4 bytes each (§3.8)
	OptHostName     OptionCode = 12  // the client's name (§3.14)
	OptRequestedIP  OptionCode = 50  // the address the client asks for (§9.1)
	OptLeaseTime    OptionCode = 51  // the lease, in seconds, 4 bytes (§9.2)
	OptOverload     OptionCode = 52  // more options in sname/file (§9.3): not supported
	OptMessageType  OptionCode = 53  // DHCPDISCOVER, DHCPOFFER … 1 byte (§9.6)
	OptServerID     OptionCode = 54  // the server's address, which identifies it (§9.7)
	OptParamRequest OptionCode = 55  // the options the client would like (§9.8)
	OptMessage      OptionCode = 56  // an error message, as text, in a DHCPNAK (§9.9)
	OptT1           OptionCode = 58  // renewal time T1, seconds (§9.11)
	OptT2           OptionCode = 59  // rebinding time T2, seconds (§9.12)
	OptClientID     OptionCode = 61  // the client's identifier: type and bytes (§9.14)
	OptEnd          OptionCode = 255 // the end of the options (§3.2)
)

// MessageType is the DHCP message type, option 53 (RFC 2132 §9.6).
type MessageType uint8

// The message types (RFC 2131 §3.1 and Table 2).
const (
	Discover MessageType = 1 // client: is any server there?
	Offer    MessageType = 2 // server: you could have this address
	Request  MessageType = 3 // client: I take this offer, or I renew my lease
	Decline  MessageType = 4 // client: the address is already in use
	Ack      MessageType = 5 // server: the address is yours, with these parameters
	Nak      MessageType = 6 // server: no, your idea of your address is wrong
	Release  MessageType = 7 // client: I give the address back
	Inform   MessageType = 8 // client: I have an address, tell me the rest
)

var messageTypeNames = [...]string{"", "DHCPDISCOVER", "DHCPOFFER", "DHCPREQUEST", "DHCPDECLINE", "DHCPACK", "DHCPNAK", "DHCPRELEASE", "DHCPINFORM"}

func (t MessageType) String() string {
	if t >= Discover && int(t) < len(messageTypeNames) {
		return messageTypeNames[t]
	}
	return fmt.Sprintf("MessageType(%d)", uint8(t))
}

// GoString is what %#v prints: a failing test names the message type.
func (t MessageType) GoString() string { return t.String() }

// Infinite is the lease time 0xffffffff seconds: a lease that never ends
// (RFC 2131 §3.3).
const Infinite = time.Duration(math.MaxUint32) * time.Second

// An Option is an option the client does not interpret, kept as it came.
type Option struct {
	Code OptionCode
	Data []byte
}

// Options are the options of a message, the ones this client uses parsed
// into fields. The zero value of a field means the option is absent.
type Options struct {
	Type         MessageType   // 53, required in every DHCP message
	SubnetMask   netip.Addr    // 1
	Routers      []netip.Addr  // 3, most preferred first
	DNS          []netip.Addr  // 6
	HostName     string        // 12
	RequestedIP  netip.Addr    // 50
	LeaseTime    time.Duration // 51, whole seconds; Infinite for ever
	ServerID     netip.Addr    // 54
	ParamRequest []OptionCode  // 55
	Message      string        // 56
	T1, T2       time.Duration // 58 and 59, whole seconds
	ClientID     []byte        // 61
	Other        []Option      // every other option, in the order they came
}

// ParseOptions reads the options field that follows the magic cookie:
// Pad bytes are skipped, End stops the walk (what follows it is padding),
// and the parts of an option that appears several times are joined (RFC
// 3396). A message that ends without End is accepted. An option whose
// length runs past the end of b fails with [ErrOptionLength], and a known
// option with a length its type cannot have with [ErrOptionValue]: such a
// message is malformed and must be dropped whole, since nothing in it can
// be trusted.
func ParseOptions(b []byte) (Options, error) {
	order, data, err := walkOptions(b)
	if err != nil {
		return Options{}, err
	}
	var o Options
	for _, code := range order {
		if err := o.set(code, data[code]); err != nil {
			return Options{}, err
		}
	}
	return o, nil
}

// walkOptions walks the TLVs of b and returns the codes it found, in the
// order each first appeared, and each code's data, the parts of a repeated
// option joined.
func walkOptions(b []byte) (order []OptionCode, data map[OptionCode][]byte, err error) {
	//camp:todo 6.10 dhcp-options: walk the options: skip Pad, stop at End, refuse an option whose length runs past the end; collect each code's data (joining repeats) in order of first appearance
	data = map[OptionCode][]byte{}
	for i := 0; i < len(b); {
		code := OptionCode(b[i])
		if code == OptPad {
			i++
			continue
		}
		if code == OptEnd {
			break
		}
		if i+1 >= len(b) {
			return nil, nil, fmt.Errorf("%w: option %d at offset %d has no length byte", ErrOptionLength, code, i)
		}
		n := int(b[i+1])
		//camp:mistake 6.10 option-length-without-header: the length is checked as i+n > len(b), forgetting the code and length bytes, so an option that runs one or two bytes past the end is sliced out of range: a panic on a bad message
		if i+2+n > len(b) {
			//camp:instead
			// if i+n > len(b) {
			//camp:end
			return nil, nil, fmt.Errorf("%w: option %d at offset %d says %d bytes, %d are left", ErrOptionLength, code, i, n, len(b)-i-2)
		}
		if _, seen := data[code]; !seen {
			order = append(order, code)
		}
		data[code] = append(data[code], b[i+2:i+2+n]...)
		i += 2 + n
	}
	return order, data, nil
	//camp:stub
	// // Hint: b[i] is the code; b[i+1] the length of the data that follows it (check that it fits in b);
	// // Hint: append the data to data[code], and the code to order the first time you see it.
	// return nil, nil, todo.New(6, "dhcp-options")
	//camp:end
}

// set decodes the data of one option into its field.
func (o *Options) set(code OptionCode, d []byte) error {
	bad := func(want string) error {
		return fmt.Errorf("%w: option %d has %d bytes, want %s", ErrOptionValue, code, len(d), want)
	}
	switch code {
	case OptMessageType:
		if len(d) != 1 {
			return bad("1")
		}
		o.Type = MessageType(d[0])
	case OptSubnetMask, OptRequestedIP, OptServerID:
		if len(d) != 4 {
			return bad("4")
		}
		a := addr4(d)
		switch code {
		case OptSubnetMask:
			o.SubnetMask = a
		case OptRequestedIP:
			o.RequestedIP = a
		default:
			o.ServerID = a
		}
	case OptRouter, OptDNS:
		if len(d) == 0 || len(d)%4 != 0 {
			return bad("a multiple of 4")
		}
		var as []netip.Addr
		for i := 0; i < len(d); i += 4 {
			as = append(as, addr4(d[i:]))
		}
		if code == OptRouter {
			o.Routers = as
		} else {
			o.DNS = as
		}
	case OptLeaseTime, OptT1, OptT2:
		if len(d) != 4 {
			return bad("4")
		}
		t := time.Duration(binary.BigEndian.Uint32(d)) * time.Second
		switch code {
		case OptLeaseTime:
			o.LeaseTime = t
		case OptT1:
			o.T1 = t
		default:
			o.T2 = t
		}
	case OptHostName, OptMessage:
		if len(d) == 0 {
			return bad("at least 1")
		}
		if code == OptHostName {
			o.HostName = string(d)
		} else {
			o.Message = string(d)
		}
	case OptParamRequest:
		o.ParamRequest = nil
		for _, c := range d {
			o.ParamRequest = append(o.ParamRequest, OptionCode(c))
		}
	case OptClientID:
		if len(d) < 2 {
			return bad("at least 2")
		}
		o.ClientID = append([]byte(nil), d...)
	default:
		o.Other = append(o.Other, Option{Code: code, Data: append([]byte(nil), d...)})
	}
	return nil
}

// Append appends the options to b, the message type first, then End.
// Data longer than the 255 bytes one option can hold is split over
// several options of the same code (RFC 3396).
func (o Options) Append(b []byte) []byte {
	addr := func(a netip.Addr) []byte {
		if !a.IsValid() {
			return nil
		}
		v := a.As4()
		return v[:]
	}
	addrs := func(as []netip.Addr) []byte {
		var d []byte
		for _, a := range as {
			d = append(d, addr(a)...)
		}
		return d
	}
	secs := func(t time.Duration) []byte {
		if t <= 0 {
			return nil
		}
		return binary.BigEndian.AppendUint32(nil, uint32(min(t/time.Second, math.MaxUint32)))
	}
	var typ []byte
	if o.Type != 0 {
		typ = []byte{byte(o.Type)}
	}
	var params []byte
	for _, c := range o.ParamRequest {
		params = append(params, byte(c))
	}
	for _, opt := range []Option{
		{OptMessageType, typ},
		{OptClientID, o.ClientID},
		{OptRequestedIP, addr(o.RequestedIP)},
		{OptServerID, addr(o.ServerID)},
		{OptLeaseTime, secs(o.LeaseTime)},
		{OptT1, secs(o.T1)},
		{OptT2, secs(o.T2)},
		{OptSubnetMask, addr(o.SubnetMask)},
		{OptRouter, addrs(o.Routers)},
		{OptDNS, addrs(o.DNS)},
		{OptHostName, []byte(o.HostName)},
		{OptParamRequest, params},
		{OptMessage, []byte(o.Message)},
	} {
		b = appendOption(b, opt.Code, opt.Data)
	}
	for _, opt := range o.Other {
		if len(opt.Data) == 0 {
			b = append(b, byte(opt.Code), 0) // an option with no data is still there
			continue
		}
		b = appendOption(b, opt.Code, opt.Data)
	}
	return append(b, byte(OptEnd))
}

// appendOption appends one option, split into parts of at most 255 bytes;
// empty data appends nothing.
func appendOption(b []byte, code OptionCode, d []byte) []byte {
	for len(d) > 0 {
		n := min(len(d), 255)
		b = append(b, byte(code), byte(n))
		b = append(b, d[:n]...)
		d = d[n:]
	}
	return b
}

// String returns the options that are set, as key=value pairs.
func (o Options) String() string {
	var parts []string
	add := func(format string, a ...any) { parts = append(parts, fmt.Sprintf(format, a...)) }
	if o.ServerID.IsValid() {
		add("server=%v", o.ServerID)
	}
	if o.RequestedIP.IsValid() {
		add("requested=%v", o.RequestedIP)
	}
	if o.SubnetMask.IsValid() {
		add("mask=%v", o.SubnetMask)
	}
	if len(o.Routers) > 0 {
		add("router=%v", joinAddrs(o.Routers))
	}
	if len(o.DNS) > 0 {
		add("dns=%v", joinAddrs(o.DNS))
	}
	if o.LeaseTime > 0 {
		add("lease=%v", o.LeaseTime)
	}
	if o.T1 > 0 {
		add("t1=%v", o.T1)
	}
	if o.T2 > 0 {
		add("t2=%v", o.T2)
	}
	if o.HostName != "" {
		add("hostname=%q", o.HostName)
	}
	if o.Message != "" {
		add("message=%q", o.Message)
	}
	return strings.Join(parts, " ")
}

func joinAddrs(as []netip.Addr) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, ",")
}
