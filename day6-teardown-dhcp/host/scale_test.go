// Generated from solutions/host/scale_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/host/scale_test.go instead and regenerate; `course check` fails when the two drift.

package host_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/host"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/services"
)

// TestThousandConnections: one stack serves 1,000 keep-alive HTTP
// connections at once from another, each connection's requests answered
// while all the others stay open. It logs the memory an idle connection
// costs, both ends and net/http's buffers included (docs/performance.md).
func TestThousandConnections(t *testing.T) {
	const conns = 1000
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		client := camptest.NewHost(t, host.Options{})
		server := camptest.NewHost(t, host.Options{})
		camptest.AddEthernet(t, client, link, "02:00:00:00:00:0a", "192.0.2.10/24")
		camptest.AddEthernet(t, server, link, "02:00:00:00:00:0b", "192.0.2.11/24")
		camptest.Start(t, client.Stack)
		camptest.Start(t, server.Stack)
		// A backlog for the whole burst: 1,000 SYNs arrive at once.
		ln, err := server.TCP.Listen("tcp", &net.TCPAddr{Port: 80}, conns)
		require.NoError(t, err)
		// The first round's requests wait at the server until all of them
		// have arrived, so that none can reuse another's connection.
		arrived, all := 0, make(chan struct{})
		var mu sync.Mutex
		handler := services.HTTPHandler()
		first := true
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			wait := first
			if arrived++; arrived == conns {
				close(all)
				first = false
			}
			mu.Unlock()
			if wait {
				select {
				case <-all:
				case <-time.After(time.Minute): // a request failed: do not wait for ever
				}
			}
			handler.ServeHTTP(w, r)
		})}
		go srv.Serve(ln)
		defer srv.Close()
		tr := &http.Transport{DialContext: client.DialContext, MaxIdleConnsPerHost: conns}
		defer tr.CloseIdleConnections()
		hc := &http.Client{Transport: tr, Timeout: time.Minute}

		get := func() error {
			resp, err := hc.Get("http://192.0.2.11/bytes/100")
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err == nil && len(b) != 100 {
				err = fmt.Errorf("%d bytes, want 100", len(b))
			}
			return err
		}
		before := heapInUse()
		// 1,000 requests at once: each needs a connection of its own.
		errs := make(chan error, conns)
		var wg sync.WaitGroup
		for range conns {
			wg.Go(func() { errs <- get() })
		}
		wg.Wait()
		close(errs)
		failed := 0
		for err := range errs {
			if err != nil {
				failed++
				if failed == 1 {
					t.Errorf("a request failed: %v", err)
				}
			}
		}
		require.Zero(t, failed, "requests failed")
		synctest.Wait()
		open := client.TCP.Stats().ActiveOpens
		assert.Equal(t, uint64(conns), open, "one connection per concurrent request")
		idle := heapInUse()
		t.Logf("%d idle keep-alive connections: %.1f KiB each (both ends, net/http included)", conns, float64(idle-before)/conns/1024)

		// Every connection is still good: 1,000 more requests reuse them.
		for range conns {
			require.NoError(t, get())
		}
		assert.Equal(t, open, client.TCP.Stats().ActiveOpens, "the second round reuses the idle connections")
	})
}

// heapInUse returns the bytes in use on the heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
