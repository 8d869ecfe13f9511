package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCountVerbose(t *testing.T) {
	out := `=== RUN   TestInteropPing
--- PASS: TestInteropPing (0.52s)
=== RUN   TestInteropCurl
    tcp_test.go:86: needs the curl command
--- SKIP: TestInteropCurl (0.00s)
=== RUN   TestInteropNamespace
=== RUN   TestInteropNamespace/ping
    --- FAIL: TestInteropNamespace/ping (0.79s)
--- FAIL: TestInteropNamespace (0.82s)
--- PASS: TestInteropForwarding (2.42s)
FAIL
`
	c := countVerbose(out)
	assert.Equal(t, 2, c.passed, "top-level tests passed")
	assert.Equal(t, []string{"TestInteropNamespace"}, c.failed, "a failing subtest is counted once, by its top-level test")
	assert.Equal(t, []string{"TestInteropCurl"}, c.skipped)
}

func TestSolutionInteropPackages(t *testing.T) {
	root, err := findRoot(".")
	require.NoError(t, err)
	pkgs, err := solutionInteropPackages(root)
	require.NoError(t, err)
	assert.Contains(t, pkgs, "solutions/interop")
	assert.Contains(t, pkgs, "solutions/device", "TestInteropTAPFrames")
	assert.Contains(t, pkgs, "solutions/internal/netns")
	assert.NotContains(t, pkgs, "solutions/tcp", "no interop test there")
}
