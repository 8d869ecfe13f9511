package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFullSizeTests(t *testing.T) {
	root := fixtureRepo(t, map[string]string{
		"solutions/tcp/big_test.go": `package tcp_test

import "testing"

func bulkSize() int {
	if !camptest.FullSize() {
		return 1
	}
	return 100
}

func viaHelper() int { return bulkSize() }

func TestBulkDirect(t *testing.T) {
	if !camptest.FullSize() {
		t.Skip("small")
	}
}

func TestThroughTwoHelpers(t *testing.T) { _ = viaHelper() }

func TestInClosure(t *testing.T) {
	t.Run("x", func(t *testing.T) { _ = bulkSize() })
}

func TestSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("not a full-size test: it does not ask camptest.FullSize")
	}
}
`,
		"solutions/udp/udp_test.go": "package udp\n\nimport \"testing\"\n\nfunc TestNothingBig(t *testing.T) {}\n",
	})
	got, err := fullSizeTests(root)
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{
		"solutions/tcp": {"TestBulkDirect", "TestInClosure", "TestThroughTwoHelpers"},
	}, got)
	assert.Equal(t, []string{"test", "-json", "-count=1", "-run", "^(TestBulkDirect|TestInClosure|TestThroughTwoHelpers)$", "./solutions/tcp"}, fullSizeArgs(got))
}

// TestFullSizeTestsOfTheCourse: the course's own large tests ask
// camptest.FullSize, TestHugeWrite among them, so check's full-size step
// runs them.
func TestFullSizeTestsOfTheCourse(t *testing.T) {
	root, err := findRoot(".")
	require.NoError(t, err)
	got, err := fullSizeTests(root)
	require.NoError(t, err)
	assert.Contains(t, got["solutions/tcp"], "TestHugeWrite")
	assert.Contains(t, got["solutions/tcp"], "TestBulk100MB")
	assert.Contains(t, got["solutions/interop"], "TestInteropBulkBothWays")
}
