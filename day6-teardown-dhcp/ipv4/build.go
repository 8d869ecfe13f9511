// Generated from solutions/ipv4/build.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/ipv4/build.go instead and regenerate; `course check` fails when the two drift.

package ipv4

// Building a datagram once.
//
// A datagram is its header followed by the upper layer's payload. Built
// naively, every layer copies what the layer above gave it into a new
// buffer behind its own header: TCP's segment into IP's datagram, the
// datagram into Ethernet's frame. Linux's sk_buff avoids the copies by
// building a packet from the top down in one buffer that keeps room, the
// headroom, before the data: each layer below writes its header into the
// room just before what the layer above wrote. TCP builds its segments so
// (tcp/layer.go, send), leaving MinHeaderLen bytes before them; IP writes
// its header there. A payload without room (UDP's, ICMP's) is copied into
// a buffer from a pool, which is used again for the next datagram: the
// layers below keep no datagram once Transmit returns (ARP queues a copy).

// build writes the datagram of header h and payload buf[room:]: in place
// when the room before the payload holds the header, else into a pooled
// buffer, returned as pooled for release once the datagram is sent.
func (l *Layer) build(h Header, buf []byte, room int) (datagram []byte, pooled *[]byte, err error) {
	payload := buf[room:]
	if hl := MinHeaderLen + len(h.Options); room >= hl {
		// Append writes the hl header bytes into the room, in place: the
		// slice it appends to has buf's memory behind it.
		if _, err := h.Append(buf[room-hl:room-hl], len(payload)); err != nil {
			return nil, nil, err
		}
		return buf[room-hl:], nil, nil
	}
	pooled, _ = l.datagrams.Get().(*[]byte)
	if pooled == nil {
		pooled = new([]byte)
	}
	d, err := h.Append((*pooled)[:0], len(payload))
	if err != nil {
		l.datagrams.Put(pooled)
		return nil, nil, err
	}
	d = append(d, payload...)
	*pooled = d
	return d, pooled, nil
}

// release gives a pooled datagram's buffer back for the next one.
func (l *Layer) release(pooled *[]byte) {
	if pooled != nil {
		l.datagrams.Put(pooled)
	}
}
