//camp:file 6

package interop_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/internal/netns"
)

// TestInteropCampdLeasesFromDnsmasq runs campd -dhcp inside a namespace on
// a TAP whose kernel side is 192.0.2.1, with dnsmasq serving DHCP there.
// campd leases an address, the kernel pings it, and on SIGTERM campd sends
// a DHCPRELEASE: dnsmasq's lease file forgets the address.
func TestInteropCampdLeasesFromDnsmasq(t *testing.T) {
	netns.RequireRoot(t)
	netns.RequireCommand(t, "dnsmasq", "dnsmasq-base")
	netns.RequireCommand(t, "ping", "iputils-ping")
	dir := t.TempDir()

	campd := buildCampd(t, dir)

	// campd creates its TAP inside the namespace; the kernel side gets
	// 192.0.2.1 once it exists.
	ns := netns.New(t)
	tap := netns.UniqueName("camp")
	cmd, said := ns.StartWatched(t, campd, "-tap", tap, "-dhcp", "-hostname", "camper", "-mac", stackMAC)
	waitFor(t, 10*time.Second, "campd's TAP "+tap, func() bool {
		_, err := ns.Run(t.Context(), "ip", "link", "show", tap)
		return err == nil
	})
	_, _ = ns.Run(t.Context(), "sh", "-c", `echo 1 > "/proc/sys/net/ipv6/conf/$1/disable_ipv6"`, "sh", tap) // no IPv6 chatter
	ns.MustRun(t, "ip", "addr", "add", kernelAddr+"/24", "dev", tap)
	ns.MustRun(t, "ip", "link", "set", "dev", tap, "up")

	leases := filepath.Join(dir, "dnsmasq.leases")
	ns.Start(t, "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0", "--user=root",
		"--interface="+tap, "--bind-interfaces", "--no-ping", "--log-dhcp",
		"--dhcp-range=192.0.2.50,192.0.2.99,255.255.255.0,1h",
		"--dhcp-option=option:dns-server,"+kernelAddr,
		"--dhcp-leasefile="+leases, "--pid-file="+filepath.Join(dir, "dnsmasq.pid"))

	// The client broadcasts again 4, then 8 seconds after its first
	// DHCPDISCOVER, which may have gone out before dnsmasq listened.
	var leased, line string
	waitFor(t, 30*time.Second, "a lease for "+stackMAC+" in dnsmasq's lease file", func() bool {
		if todo := lineWith(said.String(), "TODO(day"); todo != "" {
			// An unfinished day: no lease can come, so say which TODO at once.
			t.Fatalf("campd ran into an unfinished TODO, so it cannot lease:\n    %s", todo)
		}
		line = leaseOf(leases, stackMAC)
		if f := strings.Fields(line); len(f) >= 4 {
			leased = f[2]
			return true
		}
		return false
	})
	assert.True(t, strings.HasPrefix(leased, "192.0.2."), "leased %q", leased)
	assert.Contains(t, line, " camper ", "option 12 reached dnsmasq: %q", line)

	// The address is configured: the kernel pings it.
	var ping string
	waitFor(t, 10*time.Second, "the kernel's ping of "+leased, func() bool {
		ping, _ = ns.Run(t.Context(), "ping", "-c", "3", "-i", "0.2", "-W", "2", leased)
		return strings.Contains(ping, "3 packets transmitted, 3 received")
	})

	// SIGTERM: campd releases the lease before it exits.
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err, "campd exits cleanly on SIGTERM")
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("campd did not exit within 10 s of SIGTERM")
	}
	waitFor(t, 10*time.Second, "dnsmasq to forget "+leased+" after the DHCPRELEASE", func() bool {
		return leaseOf(leases, stackMAC) == ""
	})
}

// lineWith returns the first line of text that contains s, or "".
func lineWith(text, s string) string {
	for line := range strings.Lines(text) {
		if strings.Contains(line, s) {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// leaseOf returns the line of dnsmasq's lease file for mac, or "". A line
// is "expiry mac address hostname client-id".
func leaseOf(file, mac string) string {
	b, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	for line := range strings.Lines(string(b)) {
		if f := strings.Fields(line); len(f) >= 3 && strings.EqualFold(f[1], mac) {
			return line
		}
	}
	return ""
}
