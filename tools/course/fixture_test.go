package main

// A small synthetic course shared by the tests: a todo package, a stack
// package with TODOs of days 1 and 2, from/else blocks and nesting, a udp
// package that first appears on day 3, and non-Go files.

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

const fixtureTodo = `// Package todo marks unfinished parts.
package todo

import "fmt"

// New returns the error of a TODO.
func New(day int, id string) error {
	return fmt.Errorf("TODO(day%d): %s — see docs/day%d-x.md#%s", day, id, day, id)
}
`

const fixtureStack = `// Package stack is a tiny stack.
package stack

import (
	"errors"
	"fmt"
)

// Add adds.
func Add(a, b int) (int, error) {
	//camp:todo 1.1 add-numbers: add the two numbers
	return a + b, nil
	//camp:stub
	// // Hint: use +.
	// return 0, todo.New(1, "add-numbers")
	//camp:end
}

// Sub subtracts.
func Sub(a, b int) (int, error) {
	//camp:todo 1.2 sub-numbers: subtract b from a
	return a - b, nil
	//camp:stub
	// return 0, todo.New(1, "sub-numbers")
	//camp:end
}

// Greet greets.
func Greet(name string) string {
	//camp:from 2
	if name == "" {
		return fmt.Sprint("hello, nobody")
	}
	//camp:end
	return "hello, " + name
}

// Check checks.
func Check(x int) error {
	//camp:from 2
	//camp:todo 2.1 check-positive: reject negative numbers
	if x < 0 {
		return errors.New("negative")
	}
	return nil
	//camp:stub
	// _ = x
	// return todo.New(2, "check-positive")
	//camp:end
	//camp:else
	// _ = x
	// return nil
	//camp:end
}
`

const fixtureUDP = `//camp:file 3

// Package udp sends datagrams.
package udp

import (
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// Send sends.
func Send() error {
	//camp:todo 3.1 udp-send: add the ports
	_, err := stack.Add(1, 2)
	return err
	//camp:stub
	// return todo.New(3, "udp-send")
	//camp:end
}
`

const fixtureStackTest = `package stack

import "testing"

func TestAdd(t *testing.T) {
	if n, err := Add(1, 2); err != nil || n != 3 {
		t.Fatalf("Add(1, 2) = %d, %v", n, err)
	}
}
`

// fixture returns the files of the synthetic repository.
func fixture() map[string]string {
	return map[string]string{
		"go.mod":                                     "module github.com/go-tcpip-camp/camp\n\ngo 1.25\n",
		"solutions/todo/todo.go":                     fixtureTodo,
		"solutions/stack/stack.go":                   fixtureStack,
		"solutions/stack/stack_test.go":              fixtureStackTest,
		"solutions/stack/testdata/fuzz/FuzzAdd/seed": "go test fuzz v1\nint(1)\n",
		"solutions/udp/udp.go":                       fixtureUDP,
		"solutions/udp/testdata/packet.bin":          "\x00\x01",
		"solutions/README.md":                        "belongs to no package\n",
		"solutions/_scratch/x.go":                    "package x\n//camp:bogus\n",
		"solutions/.hidden/y.go":                     "package y\n",
		"docs/day1-device.md":                        "# Day 1\n\n## Add numbers\n\n<a id=\"sub-numbers\"></a>\n",
		"docs/day2-ip-icmp.md":                       "# Day 2\n\n## `check-positive`\n",
		"docs/day3-ethernet-arp.md":                  "# Day 3\n\n```\n## udp-send\n```\n",
	}
}

// writeTree writes files (slash paths) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(content), 0o644))
	}
}

// fixtureRepo writes the synthetic repository (with extra files added or
// replaced) into a temporary folder and returns its root.
func fixtureRepo(t *testing.T, extra map[string]string) string {
	t.Helper()
	files := fixture()
	for p, c := range extra {
		files[p] = c
	}
	root := t.TempDir()
	writeTree(t, root, files)
	return root
}

// loadFixture loads the course of the synthetic repository.
func loadFixture(t *testing.T, extra map[string]string) (*Course, string) {
	t.Helper()
	root := fixtureRepo(t, extra)
	c, err := loadCourse(root)
	require.NoError(t, err)
	return c, root
}
