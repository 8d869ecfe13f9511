//go:build linux

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// run is the benchmark: check what it needs, build the two networks,
// measure, print, and remove everything it made, whatever happens.
func run(c config) error {
	if os.Geteuid() != 0 {
		return errors.New("needs root, to make network namespaces and a TAP device: " +
			"sudo -E go run ./tools/netbench")
	}
	for _, tool := range []struct{ name, pkg string }{
		{"ip", "iproute2"}, {"ping", "iputils-ping"}, {"ethtool", "ethtool"}, {"nft", "nftables"},
	} {
		if _, err := exec.LookPath(tool.name); err != nil {
			return fmt.Errorf("needs the %s command: install %s (apt-get install -y %s)", tool.name, tool.pkg, tool.pkg)
		}
	}
	self, err := os.Executable() // the client and the baseline's server are netbench too
	if err != nil {
		return err
	}

	// Ctrl-C (or SIGTERM) cancels ctx: the command running stops, and the
	// deferred clean-up below removes what was made. Our commands run in
	// process groups of their own, so the terminal's Ctrl-C reaches
	// netbench only, and the clean-up runs in order.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	b := &bench{cfg: c, self: self, r: &runner{verbose: c.verbose, log: os.Stderr}}
	defer b.cleanUp()
	start, load := time.Now(), loadAverage()
	err = b.setUp(ctx)
	if err == nil {
		err = b.measure(ctx)
	}
	if ctx.Err() != nil {
		return errors.New("interrupted; removed the namespaces")
	}
	if err != nil {
		return err
	}

	rep := report{
		Date: start, CPU: cpuModel(), CPUs: runtime.NumCPU(), Kernel: kernelRelease(), Go: runtime.Version(), Load: load,
		Size: c.size, Runs: c.runs, Pings: c.pings, Conns: c.conns, Duration: c.duration,
		Figures: b.figures(), Notes: b.notes, TotalTime: time.Since(start),
	}
	if c.json {
		return writeJSON(os.Stdout, rep)
	}
	return writeTable(os.Stdout, rep)
}

// bench is one run of netbench: what it made, and what it measured.
type bench struct {
	cfg  config
	self string // this program, to run inside a namespace
	r    *runner

	dir        string       // temporary: campd's binary and log
	namespaces []*namespace // all made so far, removed by cleanUp
	stackNS    *namespace   // the network under test: kernel ── TAP ── campd
	clientNS   *namespace   // the baseline's client kernel …
	serverNS   *namespace   // … and its server kernel
	campd      *campd
	server     *exec.Cmd // the baseline's server (netbench _serve)

	// samples of each measurement, per network, in run order; the keys are
	// the names of the measurements.
	stack, kernel map[string][]float64
	notes         []string // what went wrong without spoiling a figure
}

// setUp builds campd and both networks, and starts the servers.
func (b *bench) setUp(ctx context.Context) error {
	removeStale(ctx, b.r)
	var err error
	// Named like the namespaces, so that removeStale finds it if this run
	// cannot clean up.
	if b.dir, err = os.MkdirTemp("", fmt.Sprintf("%s%d-", namePrefix, os.Getpid())); err != nil {
		return err
	}
	bin := b.cfg.campd
	if bin != "" {
		// ip netns exec runs it from the same folder, but an absolute
		// path reads better in -v's commands and in errors.
		if bin, err = filepath.Abs(bin); err != nil {
			return err
		}
		if _, err := exec.LookPath(bin); err != nil {
			return fmt.Errorf("-campd: %w", err)
		}
	} else {
		b.progress("building campd …")
		if bin, err = buildCampd(ctx, b.r, b.dir); err != nil {
			return err
		}
	}
	for _, role := range []struct {
		ns   **namespace
		name string
	}{{&b.stackNS, "stack"}, {&b.clientNS, "a"}, {&b.serverNS, "z"}} {
		ns, err := newNamespace(ctx, b.r, role.name)
		if ns != nil {
			b.namespaces = append(b.namespaces, ns)
		}
		if err != nil {
			return err
		}
		*role.ns = ns
	}

	b.progress("starting campd in namespace %s …", b.stackNS.name)
	b.campd, err = startCampd(ctx, b.stackNS, bin, filepath.Join(b.dir, "campd.log"))
	if err != nil {
		return err
	}

	if err := b.clientNS.addVeth(ctx, b.serverNS, vethLink, clientAddr+prefixLen, serverAddr+prefixLen); err != nil {
		return err
	}
	// The baseline's server prints nothing unless it fails; the client
	// retries its first connection while the server starts listening.
	b.server = b.serverNS.command(context.Background(), b.self, "_serve", "-addr", serverAddr)
	b.server.Stderr = os.Stderr
	return b.server.Start()
}

// cleanUp stops the servers and removes the namespaces and the temporary
// folder. It runs whatever happened before, and also after Ctrl-C.
func (b *bench) cleanUp() {
	if b.server != nil && b.server.Process != nil {
		_ = b.server.Process.Kill()
		_ = b.server.Wait()
	}
	b.campd.stop()
	for _, ns := range b.namespaces {
		if err := ns.remove(); err != nil {
			fmt.Fprintf(os.Stderr, "netbench: %v\n(remove it by hand: ip netns del %s)\n", err, ns.name)
		}
	}
	if b.dir != "" {
		_ = os.RemoveAll(b.dir)
	}
}

// A measurer makes one measurement from the kernel in ns to server. It
// returns the figure and, if something went wrong that did not spoil the
// figure (an unanswered ping, a stalled HTTP connection), a note saying
// what.
type measurer func(ctx context.Context, ns *namespace, server string) (value float64, note string, err error)

// measure makes every measurement -runs times. In each run it measures our
// stack and the baseline one after the other, so that whatever else the
// machine is doing meanwhile weighs on both.
func (b *bench) measure(ctx context.Context) error {
	b.stack, b.kernel = map[string][]float64{}, map[string][]float64{}
	for run := 1; run <= b.cfg.runs; run++ {
		for _, m := range []struct {
			name, short, unit string
			do                measurer
		}{
			{kernelToStack, "kernel → server, bulk", "MB/s", b.sendBulk},
			{stackToKernel, "server → kernel, bulk", "MB/s", b.recvBulk},
			{pingRTT, "ping round trip", "ms", b.ping},
			{httpRequests, "HTTP requests", "requests/s", b.http},
			{lossyKernelToStack, "kernel → server, loss", "MB/s", b.lossy(b.sendBulk)},
			{lossyStackToKernel, "server → kernel, loss", "MB/s", b.lossy(b.recvBulk)},
		} {
			stack, note, err := m.do(ctx, b.stackNS, stackAddr)
			if err == nil {
				err = b.campd.check()
			}
			if err != nil {
				return fmt.Errorf("%s, our stack: %w%s", m.name, err, b.campd.logTail())
			}
			b.note(note, "run %d, %s, our stack", run, m.short)
			kernel, note, err := m.do(ctx, b.clientNS, serverAddr)
			if err != nil {
				return fmt.Errorf("%s, kernel: %w", m.name, err)
			}
			b.note(note, "run %d, %s, kernel", run, m.short)
			b.stack[m.name] = append(b.stack[m.name], stack)
			b.kernel[m.name] = append(b.kernel[m.name], kernel)
			b.progress("run %d/%d  %-21s  stack %7s  kernel %7s  %s",
				run, b.cfg.runs, m.short, formatValue(stack), formatValue(kernel), m.unit)
		}
	}
	return nil
}

// note keeps note, if not empty, for the report, saying where it was
// made, and tells the user at once.
func (b *bench) note(note string, where string, args ...any) {
	if note == "" {
		return
	}
	n := fmt.Sprintf(where, args...) + ": " + note
	b.notes = append(b.notes, n)
	b.progress("note: %s", n)
}

// figures turns the samples into the lines of the table.
func (b *bench) figures() []figure {
	size := formatSize(b.cfg.size)
	return []figure{
		newFigure(kernelToStack, "kernel → stack, bulk TCP, "+size, "MB/s", false, b.stack[kernelToStack], b.kernel[kernelToStack]),
		newFigure(stackToKernel, "stack → kernel, bulk TCP, "+size, "MB/s", false, b.stack[stackToKernel], b.kernel[stackToKernel]),
		newFigure(pingRTT, fmt.Sprintf("ping round trip, average of %d", b.cfg.pings), "ms", true, b.stack[pingRTT], b.kernel[pingRTT]),
		newFigure(httpRequests, fmt.Sprintf("HTTP GET /, %d keep-alive connections", b.cfg.conns), "requests/s", false, b.stack[httpRequests], b.kernel[httpRequests]),
		newFigure(lossyKernelToStack, fmt.Sprintf("kernel → stack, bulk with %d %% loss, %s", lossPercent, formatSize(b.lossySize())), "MB/s", false, b.stack[lossyKernelToStack], b.kernel[lossyKernelToStack]),
		newFigure(lossyStackToKernel, fmt.Sprintf("stack → kernel, bulk with %d %% loss, %s", lossPercent, formatSize(b.lossySize())), "MB/s", false, b.stack[lossyStackToKernel], b.kernel[lossyStackToKernel]),
	}
}

// lossySize is what the lossy rows move: -size, at most lossySize.
func (b *bench) lossySize() int64 { return min(b.cfg.size, lossySize) }

// lossy makes m a lossy measurement: while it runs, the kernel in the
// client's namespace drops lossPercent % of the packets it receives and of
// those it sends on every link but loopback (the TAP, or the baseline's
// veth). This machine's kernel may have no netem qdisc; nftables draws a
// random number per packet instead. The transfer moves lossySize bytes.
func (b *bench) lossy(m measurer) measurer {
	return func(ctx context.Context, ns *namespace, server string) (float64, string, error) {
		rule := fmt.Sprintf("numgen random mod 100 < %d drop", lossPercent)
		for _, cmd := range []string{
			"add table inet netbench_loss",
			"add chain inet netbench_loss i { type filter hook input priority 0; }",
			"add chain inet netbench_loss o { type filter hook output priority 0; }",
			`add rule inet netbench_loss i iifname != "lo" ` + rule,
			`add rule inet netbench_loss o oifname != "lo" ` + rule,
		} {
			if out, err := ns.run(ctx, "nft", cmd); err != nil {
				return 0, "", fmt.Errorf("nft %s: %w: %s", cmd, err, out)
			}
		}
		defer ns.run(context.Background(), "nft", "delete table inet netbench_loss")
		saved := b.cfg.size
		b.cfg.size = b.lossySize()
		defer func() { b.cfg.size = saved }()
		return m(ctx, ns, server)
	}
}

// sendBulk measures the kernel in ns sending to the discard service of
// server, in MB/s (client.go says how).
func (b *bench) sendBulk(ctx context.Context, ns *namespace, server string) (float64, string, error) {
	r, err := b.client(ctx, ns, "send", server+":9")
	return float64(r.Bytes) / r.Seconds / 1e6, "", err
}

// recvBulk measures the kernel in ns receiving from the chargen service of
// server, in MB/s.
func (b *bench) recvBulk(ctx context.Context, ns *namespace, server string) (float64, string, error) {
	r, err := b.client(ctx, ns, "recv", server+":19")
	return float64(r.Bytes) / r.Seconds / 1e6, "", err
}

// http measures how many HTTP requests per second server answers to the
// kernel in ns.
func (b *bench) http(ctx context.Context, ns *namespace, server string) (float64, string, error) {
	r, err := b.client(ctx, ns, "http", server+":80")
	note := ""
	if r.Stalled > 0 {
		note = fmt.Sprintf("%d of %d HTTP connections stalled (a request unanswered for %v), and stopped there",
			r.Stalled, b.cfg.conns, b.cfg.stall)
	}
	return float64(r.Requests) / r.Seconds, note, err
}

// ping measures the average round-trip time, in milliseconds, of the
// kernel's ping in ns to server: -pings echoes 10 ms apart (an interval
// under 200 ms needs root), so that neither end is idle long enough to
// fall asleep between them, and the figure is the time of the path, not of
// waking up.
func (b *bench) ping(ctx context.Context, ns *namespace, server string) (float64, string, error) {
	ctx, cancel := context.WithTimeout(ctx, safetyTimeout)
	defer cancel()
	// ping fails (exit status 1) if an echo went unanswered, but its
	// summary still holds the average of the others.
	out, err := ns.run(ctx, "ping", "-q", "-n", "-c", strconv.Itoa(b.cfg.pings), "-i", "0.01", "-W", "2", server)
	avg, lost, perr := parsePing(out)
	if perr != nil {
		return 0, "", errors.Join(perr, err)
	}
	note := ""
	if lost > 0 {
		note = fmt.Sprintf("%d of %d echoes unanswered", lost, b.cfg.pings)
	}
	return avg, note, nil
}

// safetyTimeout bounds every command netbench runs, in case one hangs
// where nothing detects a stall.
const safetyTimeout = 30 * time.Minute

// client runs `netbench _client -do what -addr addr …` inside ns and
// returns what it measured.
func (b *bench) client(ctx context.Context, ns *namespace, what, addr string) (clientResult, error) {
	c := b.cfg
	ctx, cancel := context.WithTimeout(ctx, safetyTimeout)
	defer cancel()
	out, err := ns.run(ctx, b.self, "_client", "-do", what, "-addr", addr, "-size", strconv.FormatInt(c.size, 10),
		"-conns", strconv.Itoa(c.conns), "-duration", c.duration.String(), "-stall", c.stall.String())
	if err != nil {
		return clientResult{}, err
	}
	var r clientResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		return r, fmt.Errorf("reading the client's result %q: %w", out, err)
	}
	if r.Seconds <= 0 {
		return r, fmt.Errorf("the client measured no time: %q", out)
	}
	return r, nil
}

// progress tells the user what is happening, on standard error, so that
// the table (or the JSON) alone goes to standard output.
func (b *bench) progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

// cpuModel returns the processor's model name, as lscpu prints it (both
// read /proc/cpuinfo).
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.Lines(string(b)) {
		if key, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown CPU"
}

// kernelRelease returns the running kernel's release, as uname -r prints
// it.
func kernelRelease() string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}

// loadAverage returns the load averages over 1, 5 and 15 minutes, as
// uptime prints them: on a shared machine, how busy the others kept it.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}
