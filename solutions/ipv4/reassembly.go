//camp:file 4

package ipv4

import (
	"cmp"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// Reassembly, RFC 791 §3.2 and RFC 815.
//
// A datagram too big for a link leaves its source (or a router) cut into
// fragments: each is a datagram of its own, with a copy of the header, the
// same Identification, a Fragment Offset saying where its data goes (in
// units of 8 bytes) and the More Fragments flag set on all but the last.
// RFC 1122 §3.3.2: a host MUST reassemble them. The fragments of one
// datagram are those with the same source, destination, protocol and
// Identification; they may arrive in any order, twice, or never.
//
// We keep, for each datagram in progress, RFC 815's hole list: the ranges
// of data still missing. It starts as one hole from 0 to "infinity"; each
// fragment fills (part of) a hole; the last fragment (MF clear) says where
// infinity really is. When no hole is left, the datagram is complete.
//
// Reassembly holds memory for datagrams that may never complete, on
// behalf of anyone who can send us a packet, so every resource is bounded,
// with Linux's defaults where it has one:
//
//   - one datagram is at most 65,535 bytes, header included (a fragment
//     whose data would end beyond drops its datagram: the "ping of death"
//     of 1996 crashed hosts that did not check);
//   - all datagrams in progress hold at most ReassemblyHighThresh bytes
//     (net.ipv4.ipfrag_high_thresh); past it, the oldest are given up until
//     ReassemblyLowThresh (ipfrag_low_thresh) is reached, as Linux did
//     before 4.17, so that a flood of fragments cannot keep new datagrams
//     out for long;
//   - one source has at most ReassemblyMaxPerSource datagrams in progress,
//     so that one flooding host cannot take the whole budget;
//   - a datagram not complete ReassemblyTimeout after its first fragment
//     arrived is given up (net.ipv4.ipfrag_time); if its first fragment
//     had arrived, its sender gets ICMP Time Exceeded, code 1 (RFC 792,
//     RFC 1122 §3.3.2: without fragment zero there is no transport header
//     to quote, and no error need be sent).
//
// Fragments that overlap another fragment of the datagram drop the whole
// datagram, as Linux does and as RFC 5722 requires for IPv6: overlaps are
// how attacks hide data from firewalls that look at one fragment (the
// receiver might keep the old bytes or the new). A fragment that repeats
// exactly one received before (same offset, same length) is a harmless
// duplicate, sent twice by the network: it is ignored.

// The limits of reassembly.
const (
	ReassemblyTimeout      = 30 * time.Second // Linux's net.ipv4.ipfrag_time
	ReassemblyHighThresh   = 4 << 20          // bytes held at most (ipfrag_high_thresh)
	ReassemblyLowThresh    = 3 << 20          // bytes held after giving up the oldest (ipfrag_low_thresh)
	ReassemblyMaxPerSource = 64               // datagrams in progress per source address

	// What a fragment and a datagram in progress cost beyond their data:
	// their bookkeeping. Charging it makes a flood of tiny fragments as
	// costly as their memory really is (Linux charges skb->truesize).
	fragmentOverhead = 128
	datagramOverhead = 256
)

// The reasons reassembly drops a fragment (and, for most, its datagram).
var (
	ErrFragmentDuplicate = errors.New("ipv4: duplicate fragment ignored")
	ErrFragmentOverlap   = errors.New("ipv4: fragments overlap: datagram dropped")
	ErrFragmentMalformed = errors.New("ipv4: malformed fragment")
	ErrFragmentTooBig    = errors.New("ipv4: fragments make a datagram over 65,535 bytes: datagram dropped")
	ErrFragmentLimit     = errors.New("ipv4: too many datagrams in reassembly from one source")
)

// holeEnd stands for RFC 815's "infinity": the end of the data is unknown
// until the last fragment arrives. No datagram's data reaches it.
const holeEnd = MaxTotalLen + 1

// A hole is RFC 815's hole descriptor: bytes first to last (inclusive) of
// the datagram's data are missing.
type hole struct{ first, last int }

// A fragment is the data of one fragment received, at bytes first to last
// (inclusive) of the datagram's data.
type fragment struct {
	first, last int
	data        []byte
}

// fragKey names the datagram a fragment belongs to (RFC 791 §3.2).
type fragKey struct {
	src, dst netip.Addr
	proto    Protocol
	id       uint16
}

// A partial is a datagram in reassembly.
type partial struct {
	key   fragKey
	seq   uint64 // creation order: the oldest is given up first
	holes []hole
	frags []fragment
	end   int    // the data's length, once the last fragment said; -1 before
	high  int    // where the data received so far ends
	first Header // the header of the fragment at offset 0, if haveFirst
	// haveFirst reports whether the fragment at offset 0 arrived: it holds
	// the transport header, which an ICMP error quotes.
	haveFirst bool
	size      int // bytes charged to the budget
	timer     *stack.Timer
}

// fill records in the hole list that the fragment f arrived; more is its
// MF flag. It reports whether the datagram is now complete: no hole left.
// A fragment that lies inside no hole brings nothing new: it is
// [ErrFragmentDuplicate] if exactly the same bytes arrived before, else
// [ErrFragmentOverlap].
func (d *partial) fill(f fragment, more bool) (complete bool, err error) {
	//camp:todo 4.8 ip-reassemble: find the hole the fragment fills (RFC 815), replace it by what is left of it before and after the fragment, and report whether any hole is left
	for i, h := range d.holes {
		if f.first < h.first || f.last > h.last {
			continue // not (wholly) in this hole
		}
		// RFC 815 steps 4 to 6: the hole goes; what the fragment leaves
		// of it, before and after, are new holes.
		d.holes = slices.Delete(d.holes, i, i+1)
		if f.first > h.first {
			d.holes = append(d.holes, hole{h.first, f.first - 1})
		}
		//camp:mistake 4.8 last-fragment-leaves-hole: a hole is left after the last fragment although its MF flag is clear, so the hole up to "infinity" is never filled and no fragmented datagram is ever complete
		if f.last < h.last && more {
			//camp:instead
			// if f.last < h.last {
			//camp:end
			d.holes = append(d.holes, hole{f.last + 1, h.last})
		}
		return len(d.holes) == 0, nil
	}
	for _, g := range d.frags {
		if g.first == f.first && g.last == f.last {
			return false, fmt.Errorf("%w: bytes %d–%d", ErrFragmentDuplicate, f.first, f.last)
		}
	}
	return false, fmt.Errorf("%w: bytes %d–%d overlap data already received", ErrFragmentOverlap, f.first, f.last)
	//camp:stub
	// // Hint: for each hole h of d.holes, the fragment fills it if h.first <= f.first && f.last <= h.last:
	// // Hint: remove h, add hole{h.first, f.first-1} if f.first > h.first and hole{f.last+1, h.last} if
	// // Hint: f.last < h.last and more; complete when no hole is left. In no hole: a fragment of d.frags
	// // Hint: with the same first and last is ErrFragmentDuplicate, anything else ErrFragmentOverlap.
	// return false, todo.New(4, "ip-reassemble")
	//camp:end
}

// reassembler holds the datagrams in reassembly of one IP layer.
type reassembler struct {
	mu        sync.Mutex
	partials  map[fragKey]*partial
	perSource map[netip.Addr]int
	bytes     int    // charged to the budget, all datagrams together
	seq       uint64 // numbers the partials
}

// ReassemblyInUse returns the datagrams in reassembly and the bytes they
// hold (the budget is [ReassemblyHighThresh]).
func (l *Layer) ReassemblyInUse() (datagrams, bytes int) {
	r := &l.reasm
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.partials), r.bytes
}

// reassemble takes a fragment (h, payload) addressed to us. When it
// completes its datagram, it returns the whole datagram's header and
// payload and done = true. Otherwise the fragment is kept (nil error) or
// dropped, with the reason.
func (l *Layer) reassemble(h Header, payload []byte) (whole Header, data []byte, done bool, err error) {
	l.stats.reasmReqds.Add(1)
	//camp:mistake 4.8 fragment-offset-in-bytes: the Fragment Offset is used as a byte offset, but it counts units of 8 bytes, so every fragment after the first lands at the wrong place (and overlaps the first)
	f := fragment{first: int(h.FragOff) * 8}
	//camp:instead
	// f := fragment{first: int(h.FragOff)}
	//camp:end
	f.last = f.first + len(payload) - 1
	more := h.Flags&FlagMF != 0
	key := fragKey{h.Src, h.Dst, h.Protocol, h.ID}
	desc := fmt.Sprintf("id=%#04x %v → %v proto=%s offset=%d len=%d", h.ID, h.Src, h.Dst, h.Protocol, f.first, len(payload))

	r := &l.reasm
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case len(payload) == 0:
		l.stats.reasmFails.Add(1)
		return Header{}, nil, false, fmt.Errorf("%w: %s: no data", ErrFragmentMalformed, desc)
	case more && len(payload)%8 != 0:
		// RFC 791 §3.2: every fragment but the last carries a multiple
		// of 8 bytes, or the next one's offset could not say where it goes.
		l.stats.reasmFails.Add(1)
		return Header{}, nil, false, fmt.Errorf("%w: %s: MF set and the length is not a multiple of 8", ErrFragmentMalformed, desc)
	case MinHeaderLen+f.last+1 > MaxTotalLen:
		l.stats.reasmFails.Add(1)
		if d := r.partials[key]; d != nil {
			l.dropPartial(d, "its fragments end beyond 65,535 bytes")
		}
		return Header{}, nil, false, fmt.Errorf("%w: %s", ErrFragmentTooBig, desc)
	}

	d := r.partials[key]
	if d == nil {
		if r.perSource[h.Src] >= ReassemblyMaxPerSource {
			l.stats.reasmFails.Add(1)
			return Header{}, nil, false, fmt.Errorf("%w: %v has %d in progress: %s", ErrFragmentLimit, h.Src, ReassemblyMaxPerSource, desc)
		}
		r.seq++
		d = &partial{key: key, seq: r.seq, holes: []hole{{0, holeEnd}}, end: -1, size: datagramOverhead}
		d.timer = l.stack.AfterFunc("ip reassembly", ReassemblyTimeout, func() { l.reassemblyTimedOut(d) })
		r.partials[key] = d
		r.perSource[h.Src]++
		r.bytes += d.size
	}

	// Where the datagram ends: the last fragment says, and no other
	// fragment may disagree.
	var mismatch string
	switch {
	case !more && d.end >= 0 && d.end != f.last+1:
		mismatch = fmt.Sprintf("a second last fragment ends at %d, not %d", f.last+1, d.end)
	case !more && d.high > f.last+1:
		mismatch = fmt.Sprintf("the last fragment ends at %d, but data up to %d arrived", f.last+1, d.high)
	case more && d.end >= 0 && f.last+1 > d.end:
		mismatch = fmt.Sprintf("the fragment ends at %d, after the datagram's end %d", f.last+1, d.end)
	}
	if mismatch != "" {
		l.stats.reasmFails.Add(1)
		l.dropPartial(d, mismatch)
		return Header{}, nil, false, fmt.Errorf("%w: %s: %s", ErrFragmentOverlap, desc, mismatch)
	}

	complete, err := d.fill(f, more)
	if errors.Is(err, ErrFragmentDuplicate) {
		return Header{}, nil, false, fmt.Errorf("%s: %w", desc, err)
	}
	if err != nil {
		l.stats.reasmFails.Add(1)
		l.dropPartial(d, err.Error())
		return Header{}, nil, false, fmt.Errorf("%s: %w", desc, err)
	}

	f.data = append([]byte(nil), payload...) // the frame's memory is the device's
	d.frags = append(d.frags, f)
	d.high = max(d.high, f.last+1)
	cost := len(payload) + fragmentOverhead
	d.size += cost
	r.bytes += cost
	if !more {
		d.end = f.last + 1
	}
	if f.first == 0 {
		d.first, d.haveFirst = h, true
		d.first.Options = append([]byte(nil), h.Options...)
	}
	if r.bytes > ReassemblyHighThresh {
		l.trimReassembly(d)
	}
	if !complete {
		return Header{}, nil, false, nil
	}

	// Complete: the data in offset order, under the first fragment's
	// header (with its options, RFC 791 §3.2), MF clear, offset 0.
	l.removePartial(d)
	if d.first.HeaderLen+d.end > MaxTotalLen {
		l.stats.reasmFails.Add(1)
		return Header{}, nil, false, fmt.Errorf("%w: %s: %d-byte header and %d bytes of data", ErrFragmentTooBig, desc, d.first.HeaderLen, d.end)
	}
	slices.SortFunc(d.frags, func(a, b fragment) int { return a.first - b.first })
	data = make([]byte, 0, d.end)
	for _, g := range d.frags {
		data = append(data, g.data...)
	}
	whole = d.first
	whole.Flags &^= FlagMF
	whole.FragOff = 0
	whole.TotalLen = uint16(whole.HeaderLen + len(data))
	l.stats.reasmOKs.Add(1)
	l.log.Debugf(logging.IP, "reassembled id=%#04x %v → %v proto=%s: %d bytes from %d fragments",
		h.ID, h.Src, h.Dst, h.Protocol, len(data), len(d.frags))
	return whole, data, true, nil
}

// removePartial forgets d and gives its memory back; r.mu is held.
func (l *Layer) removePartial(d *partial) {
	r := &l.reasm
	if r.partials[d.key] != d {
		return // gone already
	}
	d.timer.Stop()
	delete(r.partials, d.key)
	if r.perSource[d.key.src]--; r.perSource[d.key.src] <= 0 {
		delete(r.perSource, d.key.src)
	}
	r.bytes -= d.size
}

// dropPartial gives up the datagram d, saying why in the log; r.mu is held.
func (l *Layer) dropPartial(d *partial, why string) {
	l.removePartial(d)
	l.log.Infof(logging.IP, "reassembly of id=%#04x %v → %v proto=%s given up: %s",
		d.key.id, d.key.src, d.key.dst, d.key.proto, why)
}

// trimReassembly gives up the oldest datagrams in progress, but not keep,
// until the memory they hold is at most ReassemblyLowThresh; r.mu is held.
func (l *Layer) trimReassembly(keep *partial) {
	r := &l.reasm
	all := make([]*partial, 0, len(r.partials))
	for _, d := range r.partials {
		if d != keep {
			all = append(all, d)
		}
	}
	slices.SortFunc(all, func(a, b *partial) int { return cmp.Compare(a.seq, b.seq) })
	given := 0
	for _, d := range all {
		if r.bytes <= ReassemblyLowThresh {
			break
		}
		l.stats.reasmFails.Add(1)
		l.removePartial(d) // one line in the log for all, below: a flood must not flood the log
		given++
	}
	l.log.Infof(logging.IP, "reassembly held over %d bytes: gave up the %d oldest datagrams, %d left", ReassemblyHighThresh, given, len(r.partials))
}

// reassemblyTimedOut gives up d, ReassemblyTimeout after its first
// fragment arrived; a stack timer runs it, on the softirq goroutine.
func (l *Layer) reassemblyTimedOut(d *partial) {
	r := &l.reasm
	r.mu.Lock()
	if r.partials[d.key] != d {
		r.mu.Unlock()
		return
	}
	l.stats.reasmFails.Add(1)
	l.dropPartial(d, fmt.Sprintf("not complete after %v", ReassemblyTimeout))
	var first []byte
	for _, f := range d.frags {
		if f.first == 0 {
			first = f.data
		}
	}
	r.mu.Unlock()
	if d.haveFirst {
		// RFC 792: Time Exceeded, code 1, quoting the first fragment.
		l.sendReassemblyTimeExceeded(d.first, first)
	}
}
