//camp:file 4

package ipv4

import (
	"math/rand/v2"
	"net/netip"
)

// Hooks for the tests of package ipv4_test.

// SetIdentSeed gives l an Identification key and counters drawn from a
// generator seeded with seed, instead of the random ones of New, so that a
// test sees the same table on every run. Call it before the layer sends.
func SetIdentSeed(l *Layer, seed uint64) {
	l.ids = newIdents(rand.New(rand.NewPCG(seed, ^seed)))
}

// IdentBucket returns which counter of the table numbers the datagrams
// from src to dst of protocol p.
func IdentBucket(l *Layer, src, dst netip.Addr, p Protocol) int {
	return l.ids.bucket(src, dst, p)
}
