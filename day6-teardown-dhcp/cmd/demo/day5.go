// Generated from solutions/cmd/demo/day5.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/cmd/demo/day5.go instead and regenerate; `course check` fails when the two drift.

package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/services"
)

// day5 runs Go's own net/http on the stack: bob serves HTTP on a TCP
// listener of his stack; alice's http.Client dials through hers. The
// handshake, the data and the acknowledgments are our TCP; everything
// above it is the standard library, unchanged.
func day5(d *demo) error {
	alice, bob, err := d.alicebob()
	if err != nil {
		return err
	}
	defer alice.Close()
	defer bob.Close()

	ln, err := bob.Listen("tcp", ":80")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: services.HTTPHandler()}
	go srv.Serve(ln)
	defer srv.Close()

	tr := &http.Transport{DialContext: alice.DialContext}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	ctx := context.Background()

	req, _ := http.NewRequestWithContext(ctx, "GET", "http://192.0.2.11/", nil)
	resp, err := client.Do(req)
	if err != nil {
		return stuckOr(alice.Stack, stuckOr(bob.Stack, err))
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	d.out.Infof(logging.App, "alice: GET / → %s, %d bytes of HTML", resp.Status, len(page))

	const size = 1 << 20
	start := time.Now()
	resp, err = client.Get(fmt.Sprintf("http://192.0.2.11/bytes/%d", size))
	if err != nil {
		return stuckOr(alice.Stack, stuckOr(bob.Stack, err))
	}
	got := sha256.New()
	n, err := io.Copy(got, resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	want := sha256.New()
	io.CopyN(want, services.Bytes(), size)
	if n != size || string(got.Sum(nil)) != string(want.Sum(nil)) {
		return fmt.Errorf("GET /bytes/%d: %d bytes, sha256 %x, want %x", size, n, got.Sum(nil), want.Sum(nil))
	}
	d.out.Infof(logging.App, "alice: GET /bytes/%d → %d bytes in %v, sha256 matches", size, n, time.Since(start).Round(time.Millisecond))
	st := alice.TCP.Stats()
	d.out.Infof(logging.App, "alice's TCP: %d connection(s), %d segments in, %d out, %d retransmitted", st.ActiveOpens, st.InSegs, st.OutSegs, st.RetransSegs)
	return nil
}
