//camp:file 3

package device

// A Wire is the medium under an Ethernet device: it carries whole Ethernet
// frames, without the frame check sequence (the hardware adds and strips
// it). The in-memory [Link], a TAP device and the pcap [Capture] wrapper are
// wires, and [NewEthernet] turns any of them into a device of the stack.
type Wire interface {
	// Open starts the wire. From then on every frame that arrives is
	// passed to rx, which never blocks and keeps the frame: the wire must
	// not reuse its memory. rx may be called from any goroutine.
	Open(rx func(frame []byte)) error
	// WriteFrame sends one frame. It does not keep frame.
	WriteFrame(frame []byte) error
	// Close stops the wire; once it returns, rx is not called again.
	Close() error
}

//camp:from 6

// A PartsWriter is a Wire that takes a frame in two pieces, its first
// bytes and the rest, and joins them itself: the Ethernet driver hands it
// its header apart from the datagram, which then is not copied behind the
// header first. A TAP gathers the pieces in one writev(2), as a network
// card's DMA gathers a packet's fragments; a Link copies them into the
// receiver's frame, the one copy it makes anyway.
type PartsWriter interface {
	Wire
	WriteFrameParts(head, payload []byte) error
}

//camp:end
