// Generated from solutions/interop/bench_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/interop/bench_test.go instead and regenerate; `course check` fails when the two drift.

package interop_test

import (
	"fmt"
	"testing"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/netns"
)

// benchChunk is what one iteration of the bulk benchmarks moves.
const benchChunk = 10 << 20

// BenchmarkInteropKernelToStack measures bulk TCP from the kernel, in a
// namespace, to the stack's discard service over the TAP device (Linux,
// root): MB/s as -bench prints it. Compare it with
// BenchmarkInteropKernelToKernel in the same run.
func BenchmarkInteropKernelToStack(b *testing.B) {
	netns.RequireCommand(b, "socat", "socat")
	h, ns := onTAP(b)
	serveTCP(b, h, "discard")
	b.SetBytes(benchChunk)
	b.ResetTimer()
	for range b.N {
		ns.MustRun(b, "sh", "-c", fmt.Sprintf("head -c %d /dev/zero | socat -u - TCP:%s:9", benchChunk, stackAddr))
	}
}

// BenchmarkInteropKernelToKernel is the baseline: the same transfer
// between two namespaces of the kernel joined by a veth pair, with the
// offloads off (ethtool -K), so that both sides segment like the stack.
func BenchmarkInteropKernelToKernel(b *testing.B) {
	netns.RequireRoot(b)
	netns.RequireCommand(b, "socat", "socat")
	a, z := netns.New(b), netns.New(b)
	ours, theirs := a.AddVethPeer(b, z, "198.51.100.1/24", "198.51.100.2/24")
	for _, end := range []struct {
		ns   *netns.NS
		link string
	}{{a, ours}, {z, theirs}} {
		end.ns.Run(b.Context(), "ethtool", "-K", end.link, "tso", "off", "gso", "off", "gro", "off", "tx", "off", "rx", "off")
	}
	z.Start(b, "socat", "-u", "TCP-LISTEN:9,reuseaddr,fork", "OPEN:/dev/null")
	a.MustRun(b, "sh", "-c", "for i in $(seq 50); do socat -u /dev/null TCP:198.51.100.2:9 2>/dev/null && exit 0; sleep 0.1; done; exit 1")
	b.SetBytes(benchChunk)
	b.ResetTimer()
	for range b.N {
		a.MustRun(b, "sh", "-c", fmt.Sprintf("head -c %d /dev/zero | socat -u - TCP:198.51.100.2:9", benchChunk))
	}
}
