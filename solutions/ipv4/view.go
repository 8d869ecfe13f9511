//camp:file 6

package ipv4

import (
	"maps"
	"slices"
)

// Ready-made (Day 6): tables read without a lock.
//
// Every datagram in or out reads the layer's tables: which interface is
// on the device it came in on, whether its destination is one of our
// addresses, which upper protocol takes it, who resolves the next hop.
// Until today each read took the read lock, l.mu.RLock: cheap, but two
// atomic additions on a word every processor shares, four or five times
// per datagram. In a bulk transfer that was a tenth of the stack's time.
//
// The tables change rarely (an address added, a protocol registered, a
// lease lost) and are read all the time. So each change, made under l.mu
// as before, also publishes a fresh, immutable copy of them, a view, with
// one atomic store; a reader loads the current view, one atomic load that
// costs no more than reading memory, and takes no lock. A reader that
// loaded the view just before a change works on the old one, which stays
// whole (nothing in a view is ever changed in place) and is the garbage
// collector's once no one holds it. Linux reads its routes and devices the
// same way, under RCU (read-copy-update): writers copy and publish,
// readers never wait.

// A view is a copy of the tables the hot path reads; never changed once
// published.
type view struct {
	ifaces     []*Interface
	protocols  map[Protocol]Handler
	neighbours Neighbours
}

// publish makes a view of the current tables the one readers see; l.mu is
// held for writing, by the change that calls it.
func (l *Layer) publish() {
	l.tables.Store(&view{
		ifaces:     slices.Clone(l.ifaces),
		protocols:  maps.Clone(l.protocols),
		neighbours: l.neighbours,
	})
}
