// Generated from solutions/checksum/wide.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/checksum/wide.go instead and regenerate; `course check` fails when the two drift.

package checksum

import (
	"encoding/binary"
	"math/bits"
)

// addWide adds b's 64-bit words to sum, 32 bytes per step, and returns the
// new sum, folded to at most 33 bits, with the bytes left over (fewer
// than 32).
//
// It is the same one's complement sum, only wider (RFC 1071 §2(C) and
// §4.1): the carry out of each 64-bit addition is added back in (the
// "end-around carry"), here by chaining bits.Add64's carry into the next
// addition, which the processor does in one instruction. A 1,460-byte
// segment is checksummed in about a third of the time 32-bit words take:
// the stack checksums every segment twice, once sending and once
// receiving, so at a gigabyte a second this is a good part of a core.
//
// b must start on a 16-bit word boundary of the message (Compute's parts
// do), so that its 64-bit words are four of the message's words each.
func addWide(sum uint64, b []byte) (uint64, []byte) {
	var carry uint64
	for len(b) >= 32 {
		sum, carry = bits.Add64(sum, binary.BigEndian.Uint64(b[0:8]), carry)
		sum, carry = bits.Add64(sum, binary.BigEndian.Uint64(b[8:16]), carry)
		sum, carry = bits.Add64(sum, binary.BigEndian.Uint64(b[16:24]), carry)
		sum, carry = bits.Add64(sum, binary.BigEndian.Uint64(b[24:32]), carry)
		b = b[32:]
	}
	sum, carry = bits.Add64(sum, 0, carry)
	sum += carry // cannot carry again: sum is 0 if the line above carried
	// Fold to 33 bits, so that the caller's 32-bit additions cannot
	// overflow the uint64.
	return sum>>32 + sum&0xffffffff, b
}
