//camp:file 6

package udp_test

import (
	"net/netip"
	"os"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/ethernet"
	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// TestChecksumVerifiedByTheDeviceIsNotCheckedAgain: a datagram whose
// checksum the wire vouched for (a TAP with offloads: the kernel checked
// it, or left it for the driver to finish) reaches its socket as it is,
// even with a checksum that does not fit, as Linux takes a packet marked
// CHECKSUM_UNNECESSARY. The same datagram from a wire that says nothing is
// dropped and counted.
func TestChecksumVerifiedByTheDeviceIsNotCheckedAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := camptest.NewHost(t, host.Options{})
		w := camptest.NewMetaWire()
		_, err := h.AddEthernet(w, ethernet.MustParseMAC(usMAC), netip.MustParsePrefix(usIP+"/24"))
		require.NoError(t, err)
		camptest.Start(t, h.Stack)
		conn, err := h.ListenUDP("udp", udpAddr("0.0.0.0:7"))
		require.NoError(t, err)
		frame := camptest.UDPFrame(t, peerMAC, usMAC, peerIP, usIP, 40000, 7, []byte("vouched for"))
		frame[14+20+6] ^= 0x5a // the UDP checksum's first byte

		buf := make([]byte, 100)
		for _, sum := range []stack.RxChecksum{stack.ChecksumUnnecessary, stack.ChecksumPartial} {
			w.Deliver(t, frame, stack.FrameMeta{Checksum: sum})
			require.NoError(t, conn.SetReadDeadline(time.Now().Add(time.Second)))
			n, _, err := conn.ReadFrom(buf)
			require.NoError(t, err, "the datagram whose checksum is %v reaches its socket", sum)
			assert.Equal(t, "vouched for", string(buf[:n]))
			assert.Equal(t, uint64(0), h.UDP.Stats().InErrors, "Stats().InErrors after the datagram whose checksum is %v", sum)
		}

		w.Deliver(t, frame, stack.FrameMeta{})
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(time.Second)))
		_, _, err = conn.ReadFrom(buf)
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded, "the same datagram from a wire that says nothing is dropped")
		assert.Equal(t, uint64(1), h.UDP.Stats().InErrors, "Stats().InErrors after the datagram with a bad checksum")
	})
}
