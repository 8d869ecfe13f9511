// Generated from solutions/interop/nud_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/interop/nud_test.go instead and regenerate; `course check` fails when the two drift.

package interop_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/netns"
)

// TestInteropKeepAliveLoadNeverWaitsForARP is issue 15's first finding
// turned into a test. There, under HTTP load from the kernel (50
// keep-alive connections), campd forgot the kernel's MAC every 30 s and
// asked for it again while datagrams queued: 46 of 50 connections stalled
// for a second. Here campd runs with -arp-reachable 1s, so that 5 s of load
// span five reachable periods (the 70 s at Linux's 30 s would be
// too long for a test). The kernel's side is this test binary itself, run
// again inside the namespace as the client (init, below): 50 keep-alive
// connections, each sending a request every 100 ms. No request may wait
// for ARP: campd sends no ARP request at all (TCP keeps confirming the
// kernel), and no request takes as long as an ARP stall.
func TestInteropKeepAliveLoadNeverWaitsForARP(t *testing.T) {
	netns.RequireRoot(t)
	netns.RequireCommand(t, "ping", "iputils-ping")
	skipWhileTODOsOpen(t)
	dir := t.TempDir()

	campd := buildCampd(t, dir)

	ns := netns.New(t)
	tap := netns.UniqueName("camp")
	capture := filepath.Join(dir, "campd.pcap")
	cmd, _ := ns.StartWatched(t, campd, "-tap", tap, "-addr", stackAddr+"/24", "-mac", stackMAC, "-serve", "http", "-q",
		"-arp-reachable", "1s", "-pcap", capture)
	waitFor(t, 10*time.Second, "campd's TAP "+tap, func() bool {
		_, err := ns.Run(t.Context(), "ip", "link", "show", tap)
		return err == nil
	})
	_, _ = ns.Run(t.Context(), "sh", "-c", `echo 1 > "/proc/sys/net/ipv6/conf/$1/disable_ipv6"`, "sh", tap) // no IPv6 chatter
	ns.MustRun(t, "ip", "addr", "add", kernelAddr+"/24", "dev", tap)
	ns.MustRun(t, "ip", "link", "set", "dev", tap, "up")
	waitFor(t, answerTimeout, "campd to answer the kernel's ping", func() bool {
		_, err := ns.Run(t.Context(), "ping", "-c", "1", "-W", "1", stackAddr)
		return err == nil
	})

	t.Setenv(keepAliveTarget, stackAddr)
	res := ns.MustRun(t, os.Args[0]) // the client: see init below
	m := regexp.MustCompile(`keepalive: requests=(\d+) failed=(\d+) connections=(\d+) slowest=(\S+) over200ms=(\d+)`).FindStringSubmatch(res)
	require.NotNil(t, m, "the client's report, in:\n%s", res)
	t.Log(m[0])
	assert.Equal(t, strconv.Itoa(keepAliveConns()*keepAliveRounds), m[1], "requests answered")
	assert.Equal(t, "0", m[2], "requests failed")
	// An ARP stall costs a second (Retransmit) and hits every connection
	// at once: issue 15 saw 46 of 50 connections wait 1.0 s. On a quiet
	// machine no request here takes 200 ms; on a loaded one the scheduler
	// alone delays some by up to half a second (measured at a load average
	// of 50 on two cores, and the same with ARP's 30 s default). So the
	// bounds are those of a stall, and the capture below is the exact proof.
	// Under -race the client's own clock reading is slowed down too: only
	// the capture counts then.
	if !raceEnabled {
		slowest, err := time.ParseDuration(m[4])
		require.NoError(t, err)
		assert.Less(t, slowest, time.Second, "the slowest request: an ARP stall would cost a second")
		over, _ := strconv.Atoi(m[5])
		assert.LessOrEqual(t, over, keepAliveConns()*keepAliveRounds/10,
			"requests slower than 200 ms (the slowest took %s): with the neighbour confirmed by TCP, nothing waits for ARP", m[4])
	}

	// What campd sent, from its capture: no request by broadcast (the
	// kernel asked first, so campd never had to), however many reachable
	// periods passed.
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	_ = cmd.Wait() // the capture is complete
	f, err := os.Open(capture)
	require.NoError(t, err)
	defer f.Close()
	r, err := pcapgo.NewReader(f)
	require.NoError(t, err)
	broadcasts, probes := 0, 0
	for {
		data, _, err := r.ReadPacketData()
		if err != nil {
			break
		}
		p := gopacket.NewPacket(data, layers.LayerTypeEthernet, gopacket.Default)
		eth, _ := p.Layer(layers.LayerTypeEthernet).(*layers.Ethernet)
		a, ok := p.Layer(layers.LayerTypeARP).(*layers.ARP)
		if !ok || eth == nil || eth.SrcMAC.String() != stackMAC || a.Operation != layers.ARPRequest {
			continue
		}
		if eth.DstMAC.String() == "ff:ff:ff:ff:ff:ff" {
			broadcasts++
		} else {
			probes++
		}
	}
	t.Logf("campd sent %d ARP requests by broadcast, %d unicast probes", broadcasts, probes)
	assert.Zero(t, broadcasts, "ARP requests campd broadcast: the kernel's MAC was never forgotten")
	assert.Zero(t, probes, "unicast probes campd sent: TCP's acknowledgements kept the kernel's entry REACHABLE")
}

// The kernel's side of TestInteropKeepAliveLoadNeverWaitsForARP.
const (
	keepAliveTarget = "CAMP_KEEPALIVE_TARGET" // the server's address; unset, the client skips
	keepAliveRounds = 50                      // requests per connection, one every keepAliveEvery
	keepAliveEvery  = 100 * time.Millisecond
)

// keepAliveConns returns the number of connections: 50, as in issue 15;
// 10 under -race, where 50 would take a minute.
func keepAliveConns() int {
	if raceEnabled {
		return 10
	}
	return 50
}

// The kernel's side of TestInteropKeepAliveLoadNeverWaitsForARP is this
// test binary itself, run again inside the test's namespace with
// keepAliveTarget set: then, before any test, it is the client instead
// (keepAliveClient) and exits. Anywhere else init does nothing.
func init() {
	if target := os.Getenv(keepAliveTarget); target != "" {
		keepAliveClient(target)
		os.Exit(0)
	}
}

// keepAliveClient runs the load against target and prints one line, which
// TestInteropKeepAliveLoadNeverWaitsForARP reads.
func keepAliveClient(target string) {
	var (
		mu                            sync.Mutex
		requests, failed, conns, slow int
		slowest                       time.Duration
		wg                            sync.WaitGroup
	)
	for range keepAliveConns() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tr := &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1}
			defer tr.CloseIdleConnections()
			client := &http.Client{Transport: tr, Timeout: 5 * time.Second}
			tick := time.NewTicker(keepAliveEvery)
			defer tick.Stop()
			for range keepAliveRounds {
				<-tick.C
				newConn := false
				trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { newConn = !i.Reused }}
				req, err := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", "http://"+target+"/bytes/1000", nil)
				if err != nil {
					panic(err) // a constant URL: cannot happen
				}
				start := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				took := time.Since(start)
				mu.Lock()
				requests++
				if err != nil {
					failed++
					fmt.Fprintf(os.Stderr, "a request failed: %v\n", err)
				}
				if newConn {
					conns++
				}
				if took >= 200*time.Millisecond {
					slow++
				}
				slowest = max(slowest, took)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Printf("keepalive: requests=%d failed=%d connections=%d slowest=%v over200ms=%d\n",
		requests-failed, failed, conns, slowest.Round(time.Millisecond), slow)
}
