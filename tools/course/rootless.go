package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The interop tests need root, or an ordinary user on a Linux that lets
// ordinary users make user namespaces (see
// solutions/internal/netns/userns_linux.go). CI runs as root, so without
// this check the second way would never be proven: checkRootless runs the
// interop tests of solutions/ once more as the user nobody, where they
// must pass, not skip (CI=true turns a skip into a failure).
//
// Root builds the test binaries (and campd, for the DHCP test) once, with
// its warm build cache, into a temporary folder nobody can read; nobody
// runs them, with a HOME and TMPDIR of its own, and needs neither Go nor
// the module cache (root's, under /root, which nobody cannot read).

// nobodyTimeout bounds the run of one test binary as nobody.
const nobodyTimeout = 10 * time.Minute

// checkRootless is the check of the interop tests as an unprivileged user.
func (ck *checker) checkRootless(*worker) {
	start := time.Now()
	const name = "interop tests of solutions/ as nobody (in a user namespace)"
	if why := nobodyCannotRun(os.Getenv("CI") == "true"); why != "" {
		ck.mu.Lock()
		fmt.Fprintf(ck.out, "• %s ... not run (%s)\n", name, why)
		ck.mu.Unlock()
		return
	}
	summary, problems := runInteropAsNobody(ck.root)
	ck.report(start, name, len(problems) == 0, summary, problems)
}

// nobodyCannotRun says why the check cannot run here, or "" if it can. In
// CI it must run wherever it can become nobody: a /dev/net/tun that is not
// mode 0666 is then the tests' to report, with its way out.
func nobodyCannotRun(ci bool) string {
	switch {
	case runtime.GOOS != "linux":
		return "needs Linux"
	case os.Geteuid() != 0:
		return "needs root to become nobody; as you, go test of solutions/ ran them in a user namespace where Linux allows it"
	}
	if _, err := user.Lookup("nobody"); err != nil {
		return "no user nobody: " + err.Error()
	}
	if fi, err := os.Stat("/dev/net/tun"); !ci && (err != nil || fi.Mode().Perm()&0o006 != 0o006) {
		mode := "missing"
		if err == nil {
			mode = fmt.Sprintf("c%s, %#o", fi.Mode().Perm().String()[1:], fi.Mode().Perm())
		}
		return "/dev/net/tun is " + mode + ", not readable and writable by all as distributions ship it: sudo chmod 0666 /dev/net/tun (.ci/run does)"
	}
	return ""
}

// solutionInteropPackages returns the packages of solutions/ with interop tests,
// as paths relative to root ("solutions/interop").
func solutionInteropPackages(root string) ([]string, error) {
	seen := map[string]bool{}
	err := filepath.WalkDir(filepath.Join(root, solutionsDir), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(src, []byte("\nfunc TestInterop")) {
			rel, _ := filepath.Rel(root, filepath.Dir(p))
			seen[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	return sortedKeys(seen), err
}

// runInteropAsNobody builds the interop test binaries of solutions/ and
// runs them as nobody. It returns a summary and what went wrong.
func runInteropAsNobody(root string) (summary string, problems []string) {
	pkgs, err := solutionInteropPackages(root)
	if err != nil || len(pkgs) == 0 {
		return "", []string{fmt.Sprintf("finding the interop tests of %s/: %v (found %d packages)", solutionsDir, err, len(pkgs))}
	}
	nobody, err := user.Lookup("nobody")
	if err != nil {
		return "", []string{err.Error()}
	}
	uid, _ := strconv.Atoi(nobody.Uid)
	gid, _ := strconv.Atoi(nobody.Gid)

	dir, err := os.MkdirTemp("", "camp-nobody-")
	if err != nil {
		return "", []string{err.Error()}
	}
	defer os.RemoveAll(dir)
	bin, home, tmp := filepath.Join(dir, "bin"), filepath.Join(dir, "home"), filepath.Join(dir, "tmp")
	for _, d := range []string{dir, bin, home, tmp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", []string{err.Error()}
		}
		if err := os.Chmod(d, 0o755); err != nil { // MkdirTemp makes 0700
			return "", []string{err.Error()}
		}
	}
	for _, d := range []string{home, tmp} {
		if err := os.Chown(d, uid, gid); err != nil {
			return "", []string{err.Error()}
		}
	}

	// Build once, as root.
	campd := filepath.Join(bin, "campd")
	if r := runGo(root, 10*time.Minute, checkEnv(), "build", "-o", campd, "./"+solutionsDir+"/cmd/campd"); r.err != nil {
		return "", []string{"building campd: " + r.err.Error() + "\n" + r.output()}
	}
	var binaries []string
	for _, p := range pkgs {
		b := filepath.Join(bin, strings.ReplaceAll(p, "/", "_")+".test")
		if r := runGo(root, 10*time.Minute, checkEnv(), "test", "-c", "-o", b, "./"+p); r.err != nil {
			return "", []string{"building the tests of " + p + ": " + r.err.Error() + "\n" + r.output()}
		}
		binaries = append(binaries, b)
	}

	env := []string{
		"PATH=" + os.Getenv("PATH") + ":/usr/sbin:/sbin",
		"HOME=" + home, "TMPDIR=" + tmp,
		"CI=true", // a skip fails: here they must run
		"CAMP_CAMPD=" + campd,
		"NO_COLOR=1",
	}
	var total verboseCounts
	for i, b := range binaries {
		// The tests run in their package's folder where nobody may read
		// it (as learners run them), else in an empty one.
		wd := filepath.Join(root, pkgs[i])
		if !othersMayRead(wd) {
			wd = tmp
		}
		out, err := runAsNobody(b, wd, env, uid, gid)
		c := countVerbose(out)
		total.add(c)
		if err != nil || len(c.failed) > 0 || len(c.skipped) > 0 || c.passed == 0 {
			problems = append(problems, fmt.Sprintf("%s as nobody: %v; failed %v, skipped %v\n%s",
				pkgs[i], errOrOK(err), c.failed, c.skipped, relevantLines(out, 40)))
		}
	}
	summary = fmt.Sprintf("%d passed, %d failed, %d skipped as uid %d", total.passed, len(total.failed), len(total.skipped), uid)
	return summary, problems
}

func errOrOK(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}

// runAsNobody runs a test binary's interop tests as uid:gid, with no
// supplementary groups and so no capabilities, and returns its output.
func runAsNobody(binary, wd string, env []string, uid, gid int) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), nobodyTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "-test.run", "Interop", "-test.count=1", "-test.v", "-test.timeout", nobodyTimeout.String())
	cmd.Dir = wd
	cmd.Env = env
	asUser(cmd, uid, gid)
	cmd.Cancel = func() error { killGroup(cmd); return nil }
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("killed after %v: %w", nobodyTimeout, ctx.Err())
	}
	return out.String(), err
}

// othersMayRead reports whether a user who is neither the owner nor in the
// group may list dir and every folder above it.
func othersMayRead(dir string) bool {
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil || fi.Mode().Perm()&0o005 != 0o005 {
			return false
		}
		if filepath.Dir(d) == d {
			return true
		}
	}
}

// verboseCounts counts the top-level tests of a `-test.v` output.
type verboseCounts struct {
	passed          int
	failed, skipped []string
}

func (c *verboseCounts) add(o verboseCounts) {
	c.passed += o.passed
	c.failed = append(c.failed, o.failed...)
	c.skipped = append(c.skipped, o.skipped...)
}

// verboseResult matches the line -test.v prints when a top-level test
// ends: "--- PASS: TestInteropPing (0.52s)". Subtests are indented.
var verboseResult = regexp.MustCompile(`(?m)^--- (PASS|FAIL|SKIP): (\S+)`)

// countVerbose reads the top-level results of a `-test.v` output.
func countVerbose(out string) verboseCounts {
	var c verboseCounts
	for _, m := range verboseResult.FindAllStringSubmatch(out, -1) {
		switch m[1] {
		case "PASS":
			c.passed++
		case "FAIL":
			c.failed = append(c.failed, m[2])
		case "SKIP":
			c.skipped = append(c.skipped, m[2])
		}
	}
	sort.Strings(c.failed)
	sort.Strings(c.skipped)
	return c
}
