package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The real lessons list exactly the mistakes of their day.
func TestLessonsListTheirMistakes(t *testing.T) {
	root, err := findRoot(".")
	require.NoError(t, err)
	c, err := loadCourse(root)
	require.NoError(t, err)
	assert.Empty(t, checkMistakeLists(root, c.Mistakes()))
}

// A lesson that leaves a mistake out, lists one that is not there, or lists
// one under the wrong step is reported, with where to fix it.
func TestMistakeListDifferences(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "docs"), 0o755))
	lesson := strings.Join([]string{
		"# Day 2",
		"- **2.8 `not-a-mistake-here`**: outside the section, not read",
		"## Common mistakes",
		"- **2.8 `echo-reply-keeps-type`**: listed, and right",
		"- **2.7 `echo-reply-from-zero-source`**: the wrong step",
		"- **2.9 `invented`**: not a marker",
		"## Testing",
		"- **2.9 `ping-reply-no-id-check`**: after the section, not read",
	}, "\n")
	require.NoError(t, os.WriteFile(filepath.Join(root, "docs", "day2-ip-icmp.md"), []byte(lesson), 0o644))
	mistakes := []Mistake{
		{Day: 2, Step: 8, ID: "echo-reply-keeps-type", File: "solutions/icmp/layer.go", Line: 10},
		{Day: 2, Step: 8, ID: "echo-reply-from-zero-source", File: "solutions/icmp/layer.go", Line: 20},
		{Day: 2, Step: 9, ID: "ping-reply-no-id-check", File: "solutions/icmp/layer.go", Line: 30},
	}
	problems := strings.Join(checkMistakeLists(root, mistakes), "\n")
	assert.Contains(t, problems, `"echo-reply-from-zero-source" under 2.7; its marker says 2.8`)
	assert.Contains(t, problems, `"invented", which is no //camp:mistake of day 2`)
	assert.Contains(t, problems, `solutions/icmp/layer.go:30: mistake 2.9 "ping-reply-no-id-check" is missing`)
	assert.NotContains(t, problems, "not-a-mistake-here")
	assert.NotContains(t, problems, `"echo-reply-keeps-type"`)
}
