// Generated from solutions/dhcp/mistakes_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/dhcp/mistakes_test.go instead and regenerate; `course check` fails when the two drift.

package dhcp_test

import (
	"errors"
	"fmt"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/dhcp"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/todo"
)

// Tests for Day 6's common mistakes in the DHCP client (the "Common
// mistakes" section of docs/day6-teardown-dhcp.md). The test plays the
// server, as in client_test.go.

// addrOption returns option code of m as a dotted quad, or says what is
// wrong with it.
func addrOption(m sent, code layers.DHCPOpt) string {
	d := option(m.dhcp, code)
	if d == nil {
		return fmt.Sprintf("(no option %d)", code)
	}
	if len(d) != 4 {
		return fmt.Sprintf("(option %d has %d bytes, want 4)", code, len(d))
	}
	return netip.AddrFrom4([4]byte(d)).String()
}

func TestRequestNamesTheOfferItTakes(t *testing.T) {
	todo.Covers(t, 6, "dhcp-request")
	synctest.Test(t, func(t *testing.T) {
		tb := newTestbed(t, dhcp.Config{})
		tb.send(offer(tb.expect(layers.DHCPMsgTypeDiscover)))
		r := tb.expect(layers.DHCPMsgTypeRequest)
		assert.Equal(t, serverIP, addrOption(r, layers.DHCPOptServerID),
			"option 54 (server identifier) of SELECTING's DHCPREQUEST: the server whose offer is taken; the other servers take it as a decline (RFC 2131 §4.3.2)")
		assert.Equal(t, offered, addrOption(r, layers.DHCPOptRequestIP), "option 50 (requested IP address)")
	})
}

func TestRenewingRequestHasNoServerIdentifier(t *testing.T) {
	todo.Covers(t, 6, "dhcp-request")
	synctest.Test(t, func(t *testing.T) {
		tb := newTestbed(t, dhcp.Config{})
		start := time.Now()
		tb.bind()
		time.Sleep(30*time.Minute - time.Since(start)) // T1: half the hour's lease
		r := tb.expect(layers.DHCPMsgTypeRequest)
		require.Equal(t, dhcp.StateRenewing, tb.c.State(), "state at T1")
		assert.Nil(t, option(r.dhcp, layers.DHCPOptServerID),
			"option 54 in RENEWING's DHCPREQUEST: it must not be sent (RFC 2131 Table 5); a server that sees it takes the client for one in SELECTING")
		assert.Nil(t, option(r.dhcp, layers.DHCPOptRequestIP), "option 50 in RENEWING's DHCPREQUEST: it must not be sent either")
		assert.Equal(t, offered, r.dhcp.ClientIP.String(), "ciaddr of RENEWING's DHCPREQUEST")
	})
}

func TestOfferIsAnsweredWithARequest(t *testing.T) {
	todo.Covers(t, 6, "dhcp-select")
	synctest.Test(t, func(t *testing.T) {
		tb := newTestbed(t, dhcp.Config{})
		d := tb.expect(layers.DHCPMsgTypeDiscover)
		tb.send(offer(d))
		waitIdle()
		got := tb.sent()
		require.Len(t, got, 1, "the client answers the offer with one message")
		assert.Equal(t, layers.DHCPMsgTypeRequest, got[0].typ(),
			"message type of the answer to a DHCPOFFER (move to REQUESTING before transmit: it builds the message of the state)")
		assert.Equal(t, dhcp.StateRequesting, tb.c.State(), "state after the offer")
	})
}

func TestNakWhileRenewingTakesTheAddressAway(t *testing.T) {
	todo.Covers(t, 6, "dhcp-bind")
	synctest.Test(t, func(t *testing.T) {
		tb := newTestbed(t, dhcp.Config{})
		start := time.Now()
		tb.bind()
		time.Sleep(30*time.Minute - time.Since(start))
		r := tb.expect(layers.DHCPMsgTypeRequest)
		tb.send(reply{typ: layers.DHCPMsgTypeNak, xid: r.dhcp.Xid, yiaddr: offered})
		tb.expect(layers.DHCPMsgTypeDiscover)
		assert.Empty(t, tb.addresses(), "addresses after a DHCPNAK in RENEWING: the address is not ours any more")
		assert.Empty(t, tb.routes(), "routes after a DHCPNAK in RENEWING")
	})
}

func TestRenewalIsANewTransaction(t *testing.T) {
	todo.Covers(t, 6, "dhcp-renew")
	synctest.Test(t, func(t *testing.T) {
		tb := newTestbed(t, dhcp.Config{})
		start := time.Now()
		first := tb.bind()
		time.Sleep(30*time.Minute - time.Since(start))
		r := tb.expect(layers.DHCPMsgTypeRequest)
		assert.NotEqual(t, first.dhcp.Xid, r.dhcp.Xid,
			"xid of the renewal (%#08x): a new transaction, not the one that got the lease", r.dhcp.Xid)
	})
}

// parseOptions is dhcp.ParseOptions, with a panic turned into an error: a
// parser must not panic on a bad message, and the test must say so rather
// than crash.
func parseOptions(b []byte) (o dhcp.Options, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("ParseOptions panicked: %v", r)
		}
	}()
	return dhcp.ParseOptions(b)
}

func TestOptionRunningPastTheEndIsRefused(t *testing.T) {
	todo.Covers(t, 6, "dhcp-options")
	for _, c := range []struct {
		name string
		b    []byte
	}{
		{"host name of 3 bytes, 2 left", []byte{53, 1, 1, 12, 3, 'a', 'b'}},
		{"host name of 3 bytes, 1 left", []byte{53, 1, 1, 12, 3, 'a'}},
		{"host name of 1 byte, none left", []byte{53, 1, 1, 12, 1}},
	} {
		_, err := parseOptions(c.b)
		assert.True(t, errors.Is(err, dhcp.ErrOptionLength),
			"%s (% x): the option's code and length bytes come before its data, so it must fit in i+2+n bytes; got %v", c.name, c.b, err)
	}
}
