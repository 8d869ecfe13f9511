// Generated from solutions/ipv4/mistakes_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 4 — write its TODOs here. Course authors: edit
// solutions/ipv4/mistakes_test.go instead and regenerate; `course check` fails when the two drift.

package ipv4_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day4-routing-udp/todo"
)

// Tests for Day 4's common mistakes in routing (docs/day4-routing-udp.md).

// Routes added from the narrowest to the broadest: the first that matches
// is the most specific one, by luck. Added the other way, it is not.
func TestLookupDoesNotTakeTheFirstMatch(t *testing.T) {
	todo.Covers(t, 4, "route-lookup")
	r := newRouted(t)
	addRoute(t, r.ip, "default", "198.51.100.254")
	addRoute(t, r.ip, "10.0.0.0/8", "192.0.2.1")
	addRoute(t, r.ip, "10.1.0.0/16", "192.0.2.254")
	for _, c := range []struct{ dst, route string }{
		{"10.1.2.3", "10.1.0.0/16 via 192.0.2.254 dev net1"},
		{"10.9.9.9", "10.0.0.0/8 via 192.0.2.1 dev net1"},
		{"192.0.2.77", "192.0.2.0/24 dev net1 src 192.0.2.2"},
	} {
		rt, err := lookup(t, r.ip, c.dst)
		require.NoError(t, err, "Lookup(%s)", c.dst)
		assert.Equal(t, c.route, rt.String(),
			"the route to %s: of all the routes that contain it, the one with the longest prefix, whatever the order they were added in", c.dst)
	}
}
