//camp:file 4

package ipv4

import (
	crand "crypto/rand"
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"net/netip"
	"sync"
	"time"
)

// The Identification field, RFC 6864 and RFC 7739.
//
// The Identification exists for one purpose: to tell the receiver which
// fragments belong to one datagram. RFC 6864 §4 draws the consequences:
//
//   - An atomic datagram (DF set, and not a fragment: MF clear, offset 0)
//     can never be fragmented, so its Identification is never read, and
//     "MAY be set to any value". We send 0, as Linux does for datagrams of
//     sockets that are not connected.
//   - A datagram that may be fragmented, by us or by a router on the way,
//     needs an Identification unique among the datagrams with the same
//     source, destination and protocol that could be in flight together.
//     One counter per (source, destination, protocol) is enough.
//
// Day 2's stack numbers every datagram from one global counter. That is
// correct, but it tells the world how many datagrams the host sends: the
// "idle scan" (nmap -sI) uses such a host as a zombie, reading its counter
// before and after making a third host send it something. RFC 7739 §5
// recommends what Linux does (net/ipv4/route.c, ip_idents_reserve): hash
// the (source, destination, protocol) with a secret key into a table of
// counters, each starting at a random value. Another destination's
// traffic then moves another counter, which an observer cannot read, and
// the key changes with each boot (here, each Stack), so two hosts or two
// runs do not share a sequence.
//
// Two destinations may still share a counter (a collision in the table).
// Linux adds, when a counter has not been used for a while, a random jump
// smaller than the time since its last use (in milliseconds, its jiffies):
// then counting the jumps of one's own counter says nothing about what
// others sent. We do the same.
//
// The hash is SipHash-2-4 (Aumasson and Bernstein, 2012), what Linux uses
// here: a keyed pseudorandom function built for short inputs like our 9
// bytes, so that without the key one cannot tell which destinations share
// a counter. A plain hash such as FNV, even seeded, is not keyed in that
// sense (a seed mixed in at the start can be cancelled out), and SHA-256
// (the TCP layer's choice for its initial sequence numbers, computed once
// per connection) does far more work than 9 bytes need, on every datagram
// that can be fragmented.
const identBuckets = 2048 // counters in the table: Linux's smallest table

// idents hands out Identification values for datagrams that may be
// fragmented. The zero value is not usable: see newIdents.
type idents struct {
	k0, k1 uint64 // the SipHash key, secret, random per Stack

	mu    sync.Mutex
	rng   *rand.Rand
	ids   [identBuckets]uint16
	stamp [identBuckets]int64 // the stack's clock, in ms, when each counter was last used
}

// newIdents returns an idents with a random key and random counters, drawn
// from rng, or from the operating system's generator when rng is nil.
func newIdents(rng *rand.Rand) *idents {
	if rng == nil {
		var seed [32]byte
		crand.Read(seed[:]) // never fails (Go 1.24)
		rng = rand.New(rand.NewChaCha8(seed))
	}
	t := &idents{k0: rng.Uint64(), k1: rng.Uint64(), rng: rng}
	for i := range t.ids {
		t.ids[i] = uint16(rng.Uint32())
	}
	return t
}

// bucket returns the counter of (src, dst, proto).
func (t *idents) bucket(src, dst netip.Addr, proto Protocol) int {
	var msg [9]byte
	s, d := src.As4(), dst.As4()
	copy(msg[0:4], s[:])
	copy(msg[4:8], d[:])
	msg[8] = byte(proto)
	return int(sipHash24(t.k0, t.k1, msg[:]) % identBuckets)
}

// next returns the Identification of the next datagram from src to dst of
// protocol proto that may be fragmented; now is the stack's clock.
func (t *idents) next(src, dst netip.Addr, proto Protocol, now time.Time) uint16 {
	b := t.bucket(src, dst, proto)
	ms := now.UnixMilli()
	t.mu.Lock()
	defer t.mu.Unlock()
	if idle := ms - t.stamp[b]; idle > 0 {
		t.ids[b] += uint16(t.rng.Int64N(min(idle, 1<<16)))
	}
	t.stamp[b] = ms
	t.ids[b]++
	return t.ids[b]
}

// sipHash24 is SipHash-2-4 of msg under the key (k0, k1): two rounds per
// 8-byte word of the message, four to finish. The specification is
// "SipHash: a fast short-input PRF" (Aumasson, Bernstein, 2012); its
// Appendix A has the test vector our test checks.
func sipHash24(k0, k1 uint64, msg []byte) uint64 {
	v0 := k0 ^ 0x736f6d6570736575 // "somepseu"
	v1 := k1 ^ 0x646f72616e646f6d // "dorandom"
	v2 := k0 ^ 0x6c7967656e657261 // "lygenera"
	v3 := k1 ^ 0x7465646279746573 // "tedbytes"
	round := func() {
		v0 += v1
		v1 = bits.RotateLeft64(v1, 13)
		v1 ^= v0
		v0 = bits.RotateLeft64(v0, 32)
		v2 += v3
		v3 = bits.RotateLeft64(v3, 16)
		v3 ^= v2
		v0 += v3
		v3 = bits.RotateLeft64(v3, 21)
		v3 ^= v0
		v2 += v1
		v1 = bits.RotateLeft64(v1, 17)
		v1 ^= v2
		v2 = bits.RotateLeft64(v2, 32)
	}
	compress := func(m uint64) {
		v3 ^= m
		round()
		round()
		v0 ^= m
	}
	n := len(msg)
	for ; len(msg) >= 8; msg = msg[8:] {
		compress(binary.LittleEndian.Uint64(msg))
	}
	// The last word: the bytes left, and the message length in its top byte.
	var last [8]byte
	copy(last[:], msg)
	last[7] = byte(n)
	compress(binary.LittleEndian.Uint64(last[:]))
	v2 ^= 0xff
	round()
	round()
	round()
	round()
	return v0 ^ v1 ^ v2 ^ v3
}
