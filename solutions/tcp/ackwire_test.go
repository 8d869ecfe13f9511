//camp:file 6

package tcp_test

import (
	"io"
	"net/netip"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/tcp"
)

// TestKeepAliveExchangeSendsNoRedundantACK: an HTTP-like keep-alive
// connection (a 300-byte request, a 20,000-byte response, 200 times, each
// side reading all of the other's) sends no pure ACK that says nothing
// new: every one acknowledges new data or opens the window meaningfully
// (RFC 9293 §3.8.6.2.2, RFC 1122 §4.2.3.3).
func TestKeepAliveExchangeSendsNoRedundantACK(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		port := camptest.NewPort(t, link)
		a, b := pair(t, link)
		ln, err := b.Listen("tcp", ":80")
		require.NoError(t, err)
		client := dial(t, a, "192.0.2.11:80")
		server := accept(t, ln)
		defer client.Close()
		defer server.Close()

		watch := camptest.ACKWatch{MSS: 1460, RcvBuf: tcp.RcvBufSize}
		look := func() {
			for _, p := range port.Packets() {
				watch.See(p)
			}
		}
		request, response := make([]byte, 300), make([]byte, 20000)
		done := make(chan error, 1)
		go func() {
			buf := make([]byte, len(request))
			for {
				if _, err := io.ReadFull(server, buf); err != nil {
					done <- nil
					return
				}
				if _, err := server.Write(response); err != nil {
					done <- err
					return
				}
			}
		}()
		got := make([]byte, len(response))
		for i := range 200 {
			_, err := client.Write(request)
			require.NoError(t, err, "request %d", i+1)
			_, err = io.ReadFull(client, got)
			require.NoError(t, err, "response %d", i+1)
			synctest.Wait()
			look()
		}
		client.Close()
		require.NoError(t, <-done)
		look()
		n, report := watch.Redundant(netip.Addr{})
		t.Log(report)
		assert.Zero(t, n, "pure ACKs that carry no new ACK number, no meaningful window update and no SACK for out-of-order data:\n%s", report)
	})
}
