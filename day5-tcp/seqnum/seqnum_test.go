// Generated from solutions/seqnum/seqnum_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/seqnum/seqnum_test.go instead and regenerate; `course check` fails when the two drift.

package seqnum

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

const maxValue = Value(1<<32 - 1) // 4294967295, the last number before the wrap

// compareCases are pairs of sequence numbers with v before w: each row is
// checked as v < w and, swapped, as w > v. Most sit at the wrap from
// 2^32-1 to 0, where a plain uint32 comparison gets them the wrong way
// round.
var compareCases = []struct {
	name string
	v, w Value
}{
	{"small numbers", 1, 2},
	{"from 0", 0, 1000},
	{"across the wrap, one step", maxValue, 0},
	{"across the wrap, a few steps", maxValue - 2, 3},
	{"across the wrap, a window's width", maxValue - 32767, 32768},
	{"just below the top", maxValue - 1, maxValue},
	{"across the middle", 1<<31 - 1, 1 << 31},
	{"2^31-1 apart, the farthest that compares", 0, 1<<31 - 1},
	{"2^31-1 apart across the wrap", 1 << 31, maxValue},
	{"2^31-1 apart, ending past the wrap", 1<<31 + 10, 9},
}

func TestCompare(t *testing.T) {
	for _, tt := range compareCases {
		t.Run(tt.name, func(t *testing.T) {
			v, w := tt.v, tt.w
			assert.True(t, v.LessThan(w), "%v.LessThan(%v)", v, w)
			assert.True(t, v.LessThanEq(w), "%v.LessThanEq(%v)", v, w)
			assert.False(t, v.GreaterThan(w), "%v.GreaterThan(%v)", v, w)
			assert.False(t, v.GreaterThanEq(w), "%v.GreaterThanEq(%v)", v, w)

			assert.False(t, w.LessThan(v), "%v.LessThan(%v)", w, v)
			assert.False(t, w.LessThanEq(v), "%v.LessThanEq(%v)", w, v)
			assert.True(t, w.GreaterThan(v), "%v.GreaterThan(%v)", w, v)
			assert.True(t, w.GreaterThanEq(v), "%v.GreaterThanEq(%v)", w, v)

			assert.Equal(t, w, Max(v, w), "Max")
			assert.Equal(t, w, Max(w, v), "Max, swapped")
			assert.Equal(t, v, Min(v, w), "Min")
			assert.Equal(t, v, Min(w, v), "Min, swapped")

			// The distance forward from v to w, and back.
			assert.Equal(t, uint32(w-v), w.Sub(v), "Sub")
			assert.Equal(t, w, v.Add(w.Sub(v)), "v + (w-v) = w")
		})
	}
}

func TestCompareEqual(t *testing.T) {
	for _, v := range []Value{0, 1, 1 << 31, maxValue} {
		assert.False(t, v.LessThan(v), "%v.LessThan(itself)", v)
		assert.False(t, v.GreaterThan(v), "%v.GreaterThan(itself)", v)
		assert.True(t, v.LessThanEq(v), "%v.LessThanEq(itself)", v)
		assert.True(t, v.GreaterThanEq(v), "%v.GreaterThanEq(itself)", v)
		assert.Equal(t, uint32(0), v.Sub(v))
		assert.Equal(t, v, Max(v, v))
		assert.Equal(t, v, Min(v, v))
	}
}

// TestCompareUnsignedIsWrong shows the bug the package exists for: at the
// wrap, plain uint32 comparison and sequence comparison disagree.
func TestCompareUnsignedIsWrong(t *testing.T) {
	old, next := maxValue, Value(0) // next is the byte sent right after old
	assert.False(t, next > old, "as plain numbers, 0 is not after 4294967295")
	assert.True(t, next.GreaterThan(old), "in sequence space, 0 is one step after 4294967295")
}

// TestCompareHalfway documents the limit of serial number arithmetic: two
// numbers exactly 2^31 apart have no order (RFC 1982 §3.2), and the
// signed difference says each is before the other. Numbers further apart
// compare the short way round.
func TestCompareHalfway(t *testing.T) {
	v, w := Value(0), Value(1<<31)
	assert.True(t, v.LessThan(w) && w.LessThan(v), "2^31 apart: each is 'before' the other")

	// 0 and 2^31+1: the short way round is back from 0 to 2^31+1.
	assert.True(t, Value(1<<31+1).LessThan(0), "2^31+1 is 2^31-1 steps before 0")
}

func TestAdd(t *testing.T) {
	assert.Equal(t, Value(1001), Value(1000).Add(1))
	assert.Equal(t, Value(0), maxValue.Add(1), "wraps to 0")
	assert.Equal(t, Value(99), maxValue.Add(100))
	assert.Equal(t, Value(7), Value(7).Add(0))
	assert.Equal(t, Value(6), Value(7).Add(1<<32-1), "adding 2^32-1 is one step back")
}

func TestSub(t *testing.T) {
	assert.Equal(t, uint32(1), Value(0).Sub(maxValue), "one step forward across the wrap")
	assert.Equal(t, uint32(10), Value(5).Sub(maxValue-4))
	assert.Equal(t, uint32(1<<32-1), maxValue.Sub(0), "from 0 forward to 2^32-1")
	assert.Equal(t, uint32(1<<32-1), Value(0).Sub(1), "one step back is 2^32-1 forward")
}

func TestInRange(t *testing.T) {
	tests := []struct {
		name    string
		v, a, b Value
		want    bool
	}{
		{"first of the range", 10, 10, 20, true},
		{"inside", 15, 10, 20, true},
		{"last of the range", 19, 10, 20, true},
		{"the end is not in it", 20, 10, 20, false},
		{"before the range", 9, 10, 20, false},
		{"far after", 1 << 31, 10, 20, false},
		{"empty range", 10, 10, 10, false},
		{"empty range at the top", maxValue, maxValue, maxValue, false},
		{"one number", 10, 10, 11, true},
		{"across the wrap, before 0", maxValue, maxValue - 5, 5, true},
		{"across the wrap, at 0", 0, maxValue - 5, 5, true},
		{"across the wrap, after 0", 4, maxValue - 5, 5, true},
		{"across the wrap, the end", 5, maxValue - 5, 5, false},
		{"across the wrap, before the start", maxValue - 6, maxValue - 5, 5, false},
		{"ending exactly at the wrap", maxValue, maxValue - 5, 0, true},
		{"ending exactly at the wrap, 0 is out", 0, maxValue - 5, 0, false},
		{"starting at 0", 0, 0, 3, true},
		{"b before a: the long way round", 1000, 20, 10, true},
		{"b before a: the gap is out", 15, 20, 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.v.InRange(tt.a, tt.b), "%v.InRange(%v, %v)", tt.v, tt.a, tt.b)
		})
	}
}

func TestInWindow(t *testing.T) {
	tests := []struct {
		name     string
		v, first Value
		size     uint32
		want     bool
	}{
		{"first byte", 1000, 1000, 100, true},
		{"last byte", 1099, 1000, 100, true},
		{"one past the end", 1100, 1000, 100, false},
		{"one before", 999, 1000, 100, false},
		{"zero window holds nothing", 1000, 1000, 0, false},
		{"zero window at the wrap", 0, 0, 0, false},
		{"one-byte window", 1000, 1000, 1, true},
		{"across 0, below", maxValue, maxValue - 9, 20, true},
		{"across 0, at 0", 0, maxValue - 9, 20, true},
		{"across 0, last byte", 9, maxValue - 9, 20, true},
		{"across 0, past the end", 10, maxValue - 9, 20, false},
		{"across 0, before", maxValue - 10, maxValue - 9, 20, false},
		{"the largest scaled window (2^30 - 2^14)", 1000 + (1<<30 - 1<<14) - 1, 1000, 1<<30 - 1<<14, true},
		{"window of 2^32-1 holds all but one", maxValue - 2, maxValue, 1<<32 - 1, true},
		{"window of 2^32-1 misses the one before first", maxValue - 1, maxValue, 1<<32 - 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.v.InWindow(tt.first, tt.size), "%v.InWindow(%v, %d)", tt.v, tt.first, tt.size)
		})
	}
}

func TestString(t *testing.T) {
	assert.Equal(t, "0", Value(0).String())
	assert.Equal(t, "4294967295", maxValue.String())
	assert.Equal(t, "1000", Value(1000).String())
}

// The reference implementations below follow the definitions word for
// word, in uint64 so that nothing wraps: RFC 1982 §3.2 for the order, and
// "first ≤ v < first+size" for a window, split in two where it crosses
// 2^32. They share no code with the package.

const circle = 1 << 32 // how many sequence numbers there are

// refLess is RFC 1982 §3.2: i1 < i2 if and only if
// (i1 < i2 and i2 - i1 < 2^31) or (i1 > i2 and i1 - i2 > 2^31).
func refLess(v, w Value) bool {
	i1, i2 := uint64(v), uint64(w)
	return (i1 < i2 && i2-i1 < 1<<31) || (i1 > i2 && i1-i2 > 1<<31)
}

func refInWindow(v, first Value, size uint32) bool {
	lo, end, x := uint64(first), uint64(first)+uint64(size), uint64(v)
	if end <= circle {
		return lo <= x && x < end
	}
	// The window runs from first to 2^32-1 and on from 0 to end-2^32.
	return lo <= x || x < end-circle
}

// randomValue returns a sequence number, most often one near a place where
// wrap-around bugs hide: 0, 2^31 and 2^32-1.
func randomValue(r *rand.Rand) Value {
	near := func(c Value) Value { return c + Value(r.IntN(64)) - 32 }
	switch r.IntN(4) {
	case 0:
		return near(0)
	case 1:
		return near(1 << 31)
	case 2:
		return near(maxValue)
	}
	return Value(r.Uint32())
}

// TestAgainstReference checks every method on random values against the
// reference definitions.
func TestAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1982, 9293)) // fixed seeds: the same values every run
	for range 200_000 {
		v, w := randomValue(r), randomValue(r)
		n := uint32(randomValue(r))

		if uint64(v.Sub(w)) != 1<<31 { // exactly 2^31 apart is undefined
			if v.LessThan(w) != refLess(v, w) {
				t.Fatalf("%v.LessThan(%v) = %v, RFC 1982 says %v", v, w, v.LessThan(w), refLess(v, w))
			}
			if v.GreaterThan(w) != refLess(w, v) {
				t.Fatalf("%v.GreaterThan(%v) = %v, RFC 1982 says %v", v, w, v.GreaterThan(w), refLess(w, v))
			}
			if v.LessThanEq(w) != (v == w || refLess(v, w)) {
				t.Fatalf("%v.LessThanEq(%v) = %v", v, w, v.LessThanEq(w))
			}
			if v.GreaterThanEq(w) != (v == w || refLess(w, v)) {
				t.Fatalf("%v.GreaterThanEq(%v) = %v", v, w, v.GreaterThanEq(w))
			}
			// Exactly one of before, same, after.
			count := 0
			for _, b := range []bool{v.LessThan(w), v == w, v.GreaterThan(w)} {
				if b {
					count++
				}
			}
			if count != 1 {
				t.Fatalf("%v and %v: %d of <, ==, > hold", v, w, count)
			}
		}

		if got, want := v.Add(n), Value((uint64(v)+uint64(n))%circle); got != want {
			t.Fatalf("%v.Add(%d) = %v, want %v", v, n, got, want)
		}
		if got, want := v.Sub(w), uint32((uint64(v)+circle-uint64(w))%circle); got != want {
			t.Fatalf("%v.Sub(%v) = %d, want %d", v, w, got, want)
		}
		if got, want := v.InWindow(w, n), refInWindow(v, w, n); got != want {
			t.Fatalf("%v.InWindow(%v, %d) = %v, want %v", v, w, n, got, want)
		}
		// A window of a few bytes placed near v, so that the answer is
		// often true.
		small := uint32(r.IntN(64))
		first := v - Value(r.IntN(64))
		if got, want := v.InWindow(first, small), refInWindow(v, first, small); got != want {
			t.Fatalf("%v.InWindow(%v, %d) = %v, want %v", v, first, small, got, want)
		}
		// InRange(a, b) is the window of the b-a numbers from a.
		b := first.Add(small)
		if got, want := v.InRange(first, b), refInWindow(v, first, small); got != want {
			t.Fatalf("%v.InRange(%v, %v) = %v, want %v", v, first, b, got, want)
		}
	}
}
