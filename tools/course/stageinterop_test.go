package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestInteropSkipsAndFinalLine(t *testing.T) {
	rep := parseTestJSON(testJSON(
		"output m/interop TestPing     ping_test.go:20: needs root: run as root, e.g. sudo -E go test\\n",
		"output m/interop TestPing --- SKIP: TestPing (0.00s)\\n",
		"skip m/interop TestPing",
		"output m/device TestInteropTAPFrames     tap_test.go:9: needs root: run as root\\n",
		"skip m/device TestInteropTAPFrames",
		"output m/device TestOpenTAPErrors/without_permission     tap_test.go:37: root may open TAP devices\\n",
		"skip m/device TestOpenTAPErrors/without_permission",
		"pass m/device TestOpenTAPErrors",
		"output m/netns TestInteropLinux     netns.go:52: interop tests need Linux (this is darwin): run as root\\n",
		"skip m/netns TestInteropLinux",
		"skip m/interop TestQuiet",
		"pass m/interop TestInteropRuns",
	))
	assert.Equal(t, map[string]int{"needs root": 2, "interop tests need Linux (this is darwin)": 1, "no reason given": 1}, interopSkips(rep),
		"a skipped subtest of a test that is not an interop test does not count")

	ck := &checker{passed: 12}
	assert.Equal(t, "12 passed, 0 failed", ck.finalLine(), "no skips: the line as before")
	ck.noteInteropSkips(rep)
	ck.noteInteropSkips(rep)
	assert.Equal(t, "12 passed, 0 failed, 8 skipped (interop: needs root; interop tests need Linux (this is darwin); no reason given)", ck.finalLine(),
		"the reasons, most frequent first")
	ck.noteSkip("fuzz", "solutions/device/tap_offload_linux_test.go builds only for other systems than darwin")
	assert.Equal(t, "12 passed, 0 failed, 9 skipped (fuzz: solutions/device/tap_offload_linux_test.go builds only for other systems than darwin; interop: needs root; interop tests need Linux (this is darwin); no reason given)", ck.finalLine())
}

func TestInteropPackages(t *testing.T) {
	files := map[string][]byte{
		"day3-ethernet-arp/interop/ping_test.go": []byte("package interop_test\n"),
		"day3-ethernet-arp/interop/doc.go":       []byte("package interop\n"),
		"day3-ethernet-arp/device/tap_test.go":   []byte("package device_test\n\nfunc TestInteropTAPFrames(t *testing.T) {}\n"),
		"day3-ethernet-arp/device/loop_test.go":  []byte("package device_test\n\nfunc TestLoop(t *testing.T) {}\n"),
		"day3-ethernet-arp/arp/arp_test.go":      []byte("package arp_test\n\n// TestInteropX is only named in a comment\n"),
		"day4-routing-udp/interop/udp_test.go":   []byte("package interop_test\n"),
	}
	assert.Equal(t, []string{"./day3-ethernet-arp/device", "./day3-ethernet-arp/interop"}, interopPackages(files, 3))
	assert.Empty(t, interopPackages(files, 1))
}
