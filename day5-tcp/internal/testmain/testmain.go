// Generated from solutions/internal/testmain/testmain.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/internal/testmain/testmain.go instead and regenerate; `course check` fails when the two drift.

// Package testmain keeps a plain `go test ./dayN-...` on one screen.
//
// Every test package of the course has a main_test.go that runs its tests
// through [Run]. A plain `go test` (no -v, no -json, no fuzzing, benchmarks
// or listing) then prints, for each failing package, one line per TODO stub
// its tests ran into, naming the tests and one representative assertion,
// and the first other failure in full — instead of every failing test in
// full. The same stub stopping 40 tests is one line, not 40 stack logs.
//
// Everything else is unchanged: `go test -v` prints every test as usual,
// `go test -json` (which `course check` and `course progress` read) sees
// the test binary's own output, and -fuzz, -bench, -list and the profiling
// flags run the tests directly. Set CAMP_TEST_SUMMARY=off to see a plain
// run's full output without -v.
//
// How: when it summarises, Run starts the test binary again as a child (same
// arguments, plus an environment variable that marks it), reads all of its
// output, and prints the summary, with the child's exit status. A child is
// used, rather than catching the output in this process, so that a test that
// panics, calls os.Exit or times out is still summarised: its panic message
// and the first frame in a _test.go file are printed, never swallowed.
// The parent does this from the package's init function, before the
// packages the tests import are initialised, which it does not need.
//
// The package depends on nothing of the stack (not even package todo), so
// that any test package can import it without an import cycle.
package testmain

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	// childEnv marks the child process, which runs the tests as usual.
	childEnv = "CAMP_TESTMAIN_CHILD"
	// SummaryEnv, set to "off", turns the summary off: a plain run then
	// prints the test binary's full output, as without this package.
	SummaryEnv = "CAMP_TEST_SUMMARY"
)

// Run runs the tests of m and returns the exit code for os.Exit. Call it
// from the package's TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(testmain.Run(m)) }
func Run(m *testing.M) int {
	if os.Getenv(childEnv) != "" || childFailed {
		return m.Run()
	}
	if !flag.Parsed() {
		flag.Parse()
	}
	if !summarising(flag.Lookup, os.Getenv(SummaryEnv)) {
		return m.Run()
	}
	code, ok := parent()
	if !ok {
		// The child did not start: run the tests here, unsummarised.
		return m.Run()
	}
	return code
}

// init does what Run does, for a plain run that go test started: it starts
// the child and prints the summary, then exits. This early, the parent
// skips the start-up of the packages initialised after this one (the
// stack's, and gopacket's tables of decoders: some 30 ms of CPU time on
// their own), which only the child needs. Packages are initialised in the
// order of their import paths where their imports allow, and this one sorts
// before github.com/google/gopacket. Arguments written any other way than
// go test writes them are left to Run, after flag.Parse.
func init() {
	if !testing.Testing() || os.Getenv(childEnv) != "" {
		return
	}
	lookup, ok := goTestFlags(os.Args[1:])
	if !ok || !summarising(lookup, os.Getenv(SummaryEnv)) {
		return
	}
	code, ok := parent()
	if !ok {
		childFailed = true // Run runs the tests here
		return
	}
	os.Exit(code)
}

// childFailed records that init could not start the child.
var childFailed bool

// goTestFlags reads the arguments as go test writes them for a test
// binary: every one -test.name=value, or -test.name for a boolean flag
// set. It returns a lookup for summarising, and false for any other
// argument (a value in an argument of its own, a flag of the test's own,
// -args): flag.Parse, in Run, reads those.
func goTestFlags(args []string) (func(string) *flag.Flag, bool) {
	given := map[string]string{}
	for _, a := range args {
		if !strings.HasPrefix(a, "-test.") {
			return nil, false
		}
		name, value, hasValue := strings.Cut(a[1:], "=")
		if !hasValue {
			value = "true"
		}
		given[name] = value
	}
	return func(name string) *flag.Flag {
		v, ok := given[name]
		if !ok {
			return nil
		}
		return &flag.Flag{Name: name, Value: textValue(v)}
	}, true
}

// textValue is a flag's value as written on the command line.
type textValue string

func (v textValue) String() string   { return string(v) }
func (v textValue) Set(string) error { return nil }

// parent starts the test binary again as the child, with the same
// arguments, and prints its output, summarised if it failed. It returns
// the exit code, and false if the child did not start.
func parent() (int, bool) {
	exe, err := os.Executable()
	if err != nil {
		return 0, false
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stdin = os.Stdin
	out := &capture{headMax: headMax, tailMax: tailMax}
	cmd.Stdout, cmd.Stderr = out, out // one writer: the order of the lines is kept
	err = cmd.Run()
	code := 0
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
		if code <= 0 { // killed by a signal
			code = 1
		}
	default:
		return 0, false
	}
	if code == 0 {
		// A passing package: go test shows only its "ok" line anyway, and
		// reads coverage and "no tests to run" from this output.
		os.Stdout.Write(out.bytes())
		return 0, true
	}
	var how string
	if exitErr != nil && exitErr.ExitCode() < 0 {
		how = exitErr.String() // "signal: killed"
	}
	os.Stdout.WriteString(Summarise(out.bytes(), here(), how))
	return code, true
}

// summarising reports whether a run with these flags is a plain one, which
// Run summarises. lookup is flag.Lookup; env is the value of SummaryEnv.
func summarising(lookup func(string) *flag.Flag, env string) bool {
	if strings.EqualFold(env, "off") || env == "0" || strings.EqualFold(env, "false") {
		return false
	}
	value := func(name string) string {
		if f := lookup(name); f != nil {
			return f.Value.String()
		}
		return ""
	}
	// -test.v is "true" for -v and "test2json" for -json.
	if v := value("test.v"); v != "" && v != "false" {
		return false
	}
	for _, name := range []string{
		"test.fuzz", "test.fuzzworker", "test.bench", "test.list",
		"test.cpuprofile", "test.memprofile", "test.blockprofile", "test.mutexprofile",
		"test.trace", "test.coverprofile", "test.gocoverdir",
	} {
		if v := value(name); v != "" && v != "false" {
			return false
		}
	}
	return true
}

// capture keeps the child's output: all of it up to headMax bytes, then
// only the last tailMax bytes (a runaway test must not fill the memory; the
// end holds the panic, if any).
type capture struct {
	headMax, tailMax int
	head, tail       []byte
	dropped          int
}

const (
	headMax = 32 << 20
	tailMax = 1 << 20
)

func (c *capture) Write(p []byte) (int, error) {
	n := len(p)
	if room := c.headMax - len(c.head); room > 0 {
		k := min(room, len(p))
		c.head = append(c.head, p[:k]...)
		p = p[k:]
	}
	if len(p) > 0 {
		c.tail = append(c.tail, p...)
		if over := len(c.tail) - c.tailMax; over > 0 {
			c.dropped += over
			c.tail = append(c.tail[:0], c.tail[over:]...)
		}
	}
	return n, nil
}

func (c *capture) bytes() []byte {
	if len(c.tail) == 0 {
		return c.head
	}
	var b bytes.Buffer
	b.Write(c.head)
	if c.dropped > 0 {
		fmt.Fprintf(&b, "\n[testmain: %d bytes of output left out here]\n", c.dropped)
	}
	b.Write(c.tail)
	return b.Bytes()
}

// A Place says where a test package is: the module root and the day folder
// (or solutions/) it belongs to, as absolute paths. Paths printed for a
// learner are relative to the module root.
type Place struct {
	Root string // the folder with go.mod; "" if not found
	Day  string // the day folder holding the package, e.g. Root+"/day5-tcp"
}

// here returns the Place of the current directory, which go test sets to
// the package's folder.
func here() Place {
	wd, err := os.Getwd()
	if err != nil {
		return Place{}
	}
	return PlaceOf(wd)
}

// PlaceOf returns the Place of the folder dir.
func PlaceOf(dir string) Place {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return Place{}
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			p := Place{Root: d, Day: d}
			if rel, err := filepath.Rel(d, dir); err == nil && rel != "." {
				first, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
				p.Day = filepath.Join(d, first)
			}
			return p
		}
		parent := filepath.Dir(d)
		if parent == d {
			return Place{}
		}
		d = parent
	}
}

// rel returns path relative to the module root, with slashes, or path
// itself when it lies outside the module. A binary built with -trimpath
// (course check builds so) names its files by import path instead,
// "module/path/dir/file.go": the longest tail of it that is a file under
// the root is the path.
func (p Place) rel(path string) string {
	if p.Root == "" {
		return filepath.ToSlash(path)
	}
	if !filepath.IsAbs(path) {
		parts := strings.Split(filepath.ToSlash(path), "/")
		for i := 1; i < len(parts); i++ {
			tail := strings.Join(parts[i:], "/")
			if _, err := os.Stat(filepath.Join(p.Root, filepath.FromSlash(tail))); err == nil {
				return tail
			}
		}
		return filepath.ToSlash(path)
	}
	r, err := filepath.Rel(p.Root, path)
	if err != nil || strings.HasPrefix(r, "..") {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}
