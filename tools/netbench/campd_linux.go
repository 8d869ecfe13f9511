//go:build linux

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// campdPackage is the command netbench builds and measures.
const campdPackage = "./solutions/cmd/campd"

// buildCampd builds campd into dir, once for the whole run, and returns
// the binary's path. `go run` would build it again each time and count the
// build in the start-up; a binary also starts in milliseconds. It must run
// from inside the repository, whose root holds solutions/cmd/campd.
func buildCampd(ctx context.Context, r *runner, dir string) (string, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("cannot build campd: no go command in PATH (under sudo, try sudo -E env PATH=\"$PATH\" …, or give -campd)")
	}
	gomod, err := r.run(ctx, goTool, "env", "GOMOD")
	if err != nil {
		return "", err
	}
	root := filepath.Dir(strings.TrimSpace(gomod)) // "/dev" outside any module: GOMOD is /dev/null
	if _, err := os.Stat(filepath.Join(root, campdPackage)); err != nil {
		wd, _ := os.Getwd()
		return "", fmt.Errorf("cannot build campd: %s is not in the course's repository; run netbench from there, or give -campd", wd)
	}
	bin := filepath.Join(dir, "campd")
	cmd := r.command(ctx, goTool, "build", "-o", bin, campdPackage)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", campdPackage, err, out)
	}
	return bin, nil
}

// campd is our stack, running as campd inside the namespace under test.
type campd struct {
	cmd    *exec.Cmd
	log    string        // campd's output goes to this file
	exited chan struct{} // closed when campd has exited
	err    error         // why it exited, once exited is closed
}

// startCampd starts the campd binary inside ns, on a TAP device it
// creates there, serving discard, chargen and http at stackAddr, and
// configures the kernel's end of the TAP. It returns when the stack
// answers a ping. Its output goes to the file logPath.
//
// campd runs inside ns so that its TAP is created there: the interface
// belongs to the network namespace of the process that creates it, and
// so the host's own namespace never sees it.
func startCampd(ctx context.Context, ns *namespace, bin, logPath string) (*campd, error) {
	return startOnTAP(ctx, ns, logPath, bin,
		"-tap", tapLink, "-addr", stackAddr+prefixLen, "-mac", stackMAC, "-serve", "discard,chargen,http", "-q")
}

// startOnTAP starts the program name with args inside ns, a program that
// creates the TAP tapLink and answers for stackAddr at its far end (campd,
// or netbench _tapecho), then configures the kernel's end of the TAP. It
// returns when the program answers a ping.
func startOnTAP(ctx context.Context, ns *namespace, logPath, name string, args ...string) (*campd, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // campd has its own copy of the descriptor
	d := &campd{log: logPath, exited: make(chan struct{})}
	// Not tied to ctx: stop stops campd gently, with SIGTERM, so that it
	// closes its TAP; killing it would do, but say less in its log.
	d.cmd = ns.command(context.Background(), name, args...)
	d.cmd.Stdout, d.cmd.Stderr = logFile, logFile
	if err := d.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { d.err = d.cmd.Wait(); close(d.exited) }()

	// The TAP appears when campd has opened it.
	if err := d.waitFor(ctx, 10*time.Second, func(ctx context.Context) error {
		_, err := ns.r.run(ctx, "ip", "-n", ns.name, "link", "show", "dev", tapLink)
		return err
	}); err != nil {
		return d, fmt.Errorf("%s did not open its TAP: %w", name, err)
	}
	if err := ns.prepareLink(ctx, tapLink, kernelAddr+prefixLen); err != nil {
		return d, err
	}
	// Once the stack answers a ping, its services are up too (they are
	// started right after the stack).
	if err := d.waitFor(ctx, 10*time.Second, func(ctx context.Context) error {
		_, err := ns.run(ctx, "ping", "-c", "1", "-W", "1", stackAddr)
		return err
	}); err != nil {
		return d, fmt.Errorf("%s does not answer ping: %w", name, err)
	}
	return d, nil
}

// waitFor calls check until it succeeds, campd exits, ctx ends or limit
// passes.
func (d *campd) waitFor(ctx context.Context, limit time.Duration, check func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	for {
		err := check(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-d.exited:
			return fmt.Errorf("campd exited: %v%s", d.err, d.logTail())
		case <-ctx.Done():
			return fmt.Errorf("%w (last: %v)%s", ctx.Err(), err, d.logTail())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// check returns an error if campd is no longer running, with the end of
// its log: a measurement that failed may have failed because campd did.
func (d *campd) check() error {
	select {
	case <-d.exited:
		return fmt.Errorf("campd exited: %v%s", d.err, d.logTail())
	default:
		return nil
	}
}

// logTail returns the last lines campd wrote, to add to an error.
func (d *campd) logTail() string {
	b, err := os.ReadFile(d.log)
	if err != nil || len(b) == 0 {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	lines = lines[max(0, len(lines)-20):]
	return "\ncampd's last lines (" + d.log + "):\n" + strings.Join(lines, "\n")
}

// stop stops campd with SIGTERM, as Ctrl-C would, and waits for it to
// close the stack; if it has not within a few seconds, it kills it.
func (d *campd) stop() {
	if d == nil || d.cmd.Process == nil {
		return
	}
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.exited:
	case <-time.After(5 * time.Second):
		_ = d.cmd.Process.Kill()
		<-d.exited
	}
}
