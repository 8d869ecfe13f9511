//camp:file 3

package device

import (
	"fmt"
	"net"
	"sync"

	"github.com/go-tcpip-camp/camp/solutions/ethernet"
	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// EthernetRingLen bounds the received frames waiting in an Ethernet
// device's ring for its interrupt handler; one more is dropped and counted,
// as a network card drops frames when its receive ring is full.
const EthernetRingLen = 1024

// NewEthernet registers an Ethernet device with hardware address mac on
// s, sending and receiving its frames on the wire w: an in-memory [Link]
// port, a TAP device, or either wrapped by [Capture].
//
// The driver does the Ethernet framing for the stack. On the way out it
// puts an Ethernet header before the payload the stack transmits; on the
// way in it keeps the frames addressed to mac or to the broadcast address,
// and hands their payload to the stack by EtherType. Multicast frames are
// dropped: the course's stack joins no multicast group (no IGMP, no mDNS).
func NewEthernet(s *stack.Stack, mac ethernet.MAC, w Wire) (*stack.Device, error) {
	if mac.IsZero() || mac.IsMulticast() {
		return nil, fmt.Errorf("device: %v is not a unicast hardware address: %w", mac, stack.ErrBadDevice)
	}
	cfg := stack.DeviceConfig{
		Type:         stack.DeviceEthernet,
		MTU:          ethernet.MaxPayloadLen,
		Flags:        stack.FlagBroadcast | stack.FlagNeedARP,
		HardwareAddr: mac.HardwareAddr(),
		Broadcast:    ethernet.Broadcast().HardwareAddr(),
		Driver:       &etherDriver{mac: mac, wire: w},
	}
	//camp:from 6
	if r, ok := w.(interface{ ReceivesOnOwnGoroutine() bool }); ok && r.ReceivesOnOwnGoroutine() {
		cfg.Driver.(*etherDriver).inline = true
	}
	if g, ok := w.(interface{ GSOMaxSize() int }); ok {
		cfg.GSOMaxSize = g.GSOMaxSize()
	}
	//camp:end
	return s.RegisterDevice(cfg)
}

// etherDriver is the driver of an Ethernet device.
type etherDriver struct {
	mac  ethernet.MAC
	wire Wire

	mu    sync.Mutex
	dev   *stack.Device
	ring  [][]byte // received frames, waiting for HandleIRQ
	spare [][]byte // the ring HandleIRQ emptied last, to be filled again
	//camp:from 6
	metas      []stack.FrameMeta // metas[i]: what the wire knows of ring[i] (its block, recycle.go; its checksum, meta.go)
	spareMetas []stack.FrameMeta
	//camp:end

	frames sync.Pool // of *[]byte: the buffers Transmit builds frames in
	//camp:from 6
	inline bool // the wire's rx runs on a goroutine of its own: RaiseIRQInline
	//camp:end
}

// Open starts the wire; from then on arriving frames go to receive.
func (d *etherDriver) Open(dev *stack.Device) error {
	d.mu.Lock()
	d.dev = dev
	d.mu.Unlock()
	//camp:from 6
	if mw, ok := d.wire.(MetaWire); ok {
		return mw.OpenMeta(d.receiveMeta)
	}
	//camp:end
	return d.wire.Open(d.receive)
}

func (d *etherDriver) Close(*stack.Device) error {
	err := d.wire.Close()
	d.mu.Lock()
	d.ring, d.spare = nil, nil
	//camp:from 6
	d.metas, d.spareMetas = nil, nil
	//camp:end
	d.mu.Unlock()
	return err
}

// receive is the "hardware" receiving a frame: into the ring, and raise
// the interrupt. It never blocks.
func (d *etherDriver) receive(frame []byte) {
	//camp:from 6
	d.receiveMeta(frame, stack.FrameMeta{})
}

// receiveMeta is receive for a frame the wire knows m of: the recycled
// block it was carved out of, held for it (released once the stack is done
// with the frame, or at once if the ring drops it), and what is known of
// its checksum.
func (d *etherDriver) receiveMeta(frame []byte, m stack.FrameMeta) {
	//camp:end
	d.mu.Lock()
	dev := d.dev
	if len(d.ring) >= EthernetRingLen {
		d.mu.Unlock()
		dev.CountRxDrop()
		//camp:from 6
		if m.Block != nil {
			m.Block.Release()
		}
		//camp:end
		return
	}
	d.ring = append(d.ring, frame)
	//camp:from 6
	d.metas = append(d.metas, m)
	//camp:end
	d.mu.Unlock()
	//camp:from 6
	if d.inline {
		dev.RaiseIRQInline()
		return
	}
	//camp:end
	dev.RaiseIRQ()
}

// Transmit frames data for the hardware address dst and writes it to the
// wire.
func (d *etherDriver) Transmit(dev *stack.Device, typ stack.ProtocolType, data []byte, dst net.HardwareAddr) error {
	to, err := ethernet.MACFrom(dst)
	if err != nil {
		return fmt.Errorf("ethernet: destination: %w", err)
	}
	h := ethernet.Header{Dst: to, Src: d.mac, Type: ethernet.EtherType(typ)}
	// A wire keeps no frame it is given, so the frame's memory is used
	// again for the next one (d.frames: a pool of buffers).
	bp, _ := d.frames.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer d.frames.Put(bp)
	buf := (*bp)[:0]
	if need := ethernet.HeaderLen + max(len(data), ethernet.MinPayloadLen); cap(buf) < need {
		buf = make([]byte, 0, need)
		*bp = buf
	}
	//camp:from 6
	if pw, ok := d.wire.(PartsWriter); ok && len(data) >= ethernet.MinPayloadLen {
		// The header apart, the datagram not copied behind it (PartsWriter).
		if buf, err = h.Append(buf); err != nil {
			return err
		}
		if log := dev.Stack().Logger(); log.Enabled(logging.LevelDebug) {
			log.Debugf(logging.Ether, "%s: out %v len=%d", dev.Name(), h, len(buf)+len(data))
		}
		return pw.WriteFrameParts(buf, data)
	}
	if len(data) > ethernet.MaxPayloadLen {
		// A large TCP segment for a wire that cuts it itself (GSO): the
		// frame it stands for is longer than Ethernet allows.
		if buf, err = h.Append(buf); err != nil {
			return err
		}
		return d.wire.WriteFrame(append(buf, data...))
	}
	//camp:end
	frame, err := ethernet.AppendFrame(buf, h, data)
	if err != nil {
		return err
	}
	if log := dev.Stack().Logger(); log.Enabled(logging.LevelDebug) {
		log.Debugf(logging.Ether, "%s: out %v len=%d", dev.Name(), h, len(frame))
	}
	return d.wire.WriteFrame(frame)
}

// HandleIRQ is the Ethernet device's interrupt handler: it takes every
// frame out of the ring and passes it to input.
//
// It swaps the ring for the one it emptied last time, so that the wire
// fills one while the handler works through the other, and neither is
// allocated again: a network card, too, reuses its receive ring.
func (d *etherDriver) HandleIRQ(dev *stack.Device) error {
	d.mu.Lock()
	frames := d.ring
	d.ring, d.spare = d.spare, nil
	//camp:from 6
	metas := d.metas
	d.metas, d.spareMetas = d.spareMetas, nil
	//camp:end
	d.mu.Unlock()
	for i, f := range frames {
		frames[i] = nil // the stack owns the frame now
		//camp:from 6
		m := metas[i]
		metas[i] = stack.FrameMeta{}
		if m != (stack.FrameMeta{}) {
			dev.SetInputMeta(m) // goes with the frame into the queue, its block's hold with it
		}
		//camp:end
		if err := d.input(dev, f); err != nil {
			dev.CountRxDrop()
			dev.Stack().Logger().Debugf(logging.Ether, "%s: drop: %v", dev.Name(), err)
			dev.Stack().Report(err) // remembers it if it is a TODO stub's
		}
		//camp:from 6
		if m != (stack.FrameMeta{}) {
			if b := dev.TakeInputMeta().Block; b != nil {
				b.Release() // not queued: the frame is done
			}
		}
		//camp:end
	}
	d.mu.Lock()
	d.spare = frames[:0]
	//camp:from 6
	d.spareMetas = metas[:0]
	//camp:end
	d.mu.Unlock()
	return nil
}

// input checks one received frame and hands its payload to the stack.
func (d *etherDriver) input(dev *stack.Device, frame []byte) error {
	//camp:todo 3.3 ether-input: parse the frame, keep it only if it is for our MAC or for broadcast, then hand the payload to the stack by its EtherType
	h, payload, err := ethernet.Parse(frame)
	if err != nil {
		return err
	}
	//camp:mistake 3.3 ether-accepts-multicast: every multicast frame is kept because broadcast is a multicast address, so frames for groups we never joined (mDNS) reach the stack
	if h.Dst != d.mac && !h.Dst.IsBroadcast() {
		//camp:instead
		// if h.Dst != d.mac && !h.Dst.IsMulticast() {
		//camp:end
		//camp:mistake 3.3 ether-drop-returns-nil: a frame for another host is dropped with nil instead of an error, so the device never counts the drop
		return fmt.Errorf("ethernet: frame for %v, not us (%v)", h.Dst, d.mac)
		//camp:instead
		// return nil
		//camp:end
	}
	if log := dev.Stack().Logger(); log.Enabled(logging.LevelDebug) {
		log.Debugf(logging.Ether, "%s: in  %v len=%d", dev.Name(), h, len(frame))
	}
	return dev.Stack().Input(dev, stack.ProtocolType(h.Type), payload)
	//camp:stub
	// // Hint: ethernet.Parse(frame); compare h.Dst with d.mac and h.Dst.IsBroadcast();
	// // Hint: dev.Stack().Input(dev, stack.ProtocolType(h.Type), payload) hands it on.
	// return todo.New(3, "ether-input")
	//camp:end
}
