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
		Figures: b.figures(), CPUTime: b.cpuFigures(), Notes: b.notes, TotalTime: time.Since(start),
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
	offClient  *namespace   // the upper bound's client kernel (offloads on) …
	offServer  *namespace   // … and its server kernel
	echoNS     *namespace   // the ping floor: kernel ── TAP ── netbench _tapecho
	campd      *campd
	tapEcho    *campd      // not campd, but started and stopped the same way
	servers    []*exec.Cmd // the baselines' servers (netbench _serve)

	networks []network // measured in this order, in every run

	// samples of each measurement, per network then per measurement, in
	// run order; the keys are the names of the networks and of the
	// measurements.
	samples map[string]map[string][]float64
	cpu     map[string]map[string][]cpuShare
	notes   []string // what went wrong without spoiling a figure

	lastClient clientResult // what the last client run said, its CPU time with it
	lastP99    float64      // the 99th percentile of the last ping measurement
}

// A network is one of the three the measurements run on.
type network struct {
	name     string     // netStack, netKernel, netKernelOffload, netTAPEcho
	client   *namespace // where the kernel's client runs
	server   string     // the server's address
	pid      int        // the server's process: campd, or netbench _serve
	pingOnly bool       // measured by ping only (netTAPEcho)
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
	}{{&b.stackNS, "stack"}, {&b.clientNS, "a"}, {&b.serverNS, "z"}, {&b.offClient, "b"}, {&b.offServer, "y"}, {&b.echoNS, "echo"}} {
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

	b.progress("starting netbench _tapecho in namespace %s …", b.echoNS.name)
	b.tapEcho, err = startOnTAP(ctx, b.echoNS, filepath.Join(b.dir, "tapecho.log"), b.self,
		"_tapecho", "-tap", tapLink, "-addr", stackAddr, "-mac", stackMAC)
	if err != nil {
		return err
	}

	b.networks = []network{{name: netStack, client: b.stackNS, server: stackAddr, pid: b.campd.cmd.Process.Pid}}
	for _, base := range []struct {
		name               string
		client, server     *namespace
		clientIP, serverIP string
		offloads           bool
	}{
		{netKernel, b.clientNS, b.serverNS, clientAddr, serverAddr, false},
		{netKernelOffload, b.offClient, b.offServer, offloadClientAddr, offloadServerAddr, true},
	} {
		if err := base.client.addVeth(ctx, base.server, vethLink, base.clientIP+prefixLen, base.serverIP+prefixLen, base.offloads); err != nil {
			return err
		}
		// The baseline's server prints nothing unless it fails; the
		// client retries its first connection while the server starts
		// listening. ip netns exec becomes the server (it execs it), so
		// the process ID is the server's.
		srv := base.server.command(context.Background(), b.self, "_serve", "-addr", base.serverIP)
		srv.Stderr = os.Stderr
		if err := srv.Start(); err != nil {
			return err
		}
		b.servers = append(b.servers, srv)
		b.networks = append(b.networks, network{name: base.name, client: base.client, server: base.serverIP, pid: srv.Process.Pid})
	}
	b.networks = append(b.networks, network{name: netTAPEcho, client: b.echoNS, server: stackAddr, pid: b.tapEcho.cmd.Process.Pid, pingOnly: true})
	return nil
}

// cleanUp stops the servers and removes the namespaces and the temporary
// folder. It runs whatever happened before, and also after Ctrl-C.
func (b *bench) cleanUp() {
	for _, srv := range b.servers {
		_ = srv.Process.Kill()
		_ = srv.Wait()
	}
	b.campd.stop()
	b.tapEcho.stop()
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

// A measurement is one line (or two) of the table.
type measurement struct {
	name, short, unit string
	do                measurer
	cpu               bool // keep the CPU time it took (bulk and HTTP)
}

// measure makes every measurement -runs times. In each run it measures our
// stack and the two baselines one after the other, so that whatever else
// the machine is doing meanwhile weighs on all three.
func (b *bench) measure(ctx context.Context) error {
	b.samples, b.cpu = map[string]map[string][]float64{}, map[string]map[string][]cpuShare{}
	for _, n := range b.networks {
		b.samples[n.name], b.cpu[n.name] = map[string][]float64{}, map[string][]cpuShare{}
	}
	for run := 1; run <= b.cfg.runs; run++ {
		for _, m := range []measurement{
			{kernelToStack, "kernel → server, bulk", "MB/s", b.sendBulk, true},
			{stackToKernel, "server → kernel, bulk", "MB/s", b.recvBulk, true},
			{pingMedian, "ping round trip", "ms", b.ping, false},
			{httpRequests, "HTTP requests", "requests/s", b.http, true},
			{lossyKernelToStack, "kernel → server, loss", "MB/s", b.lossy(b.sendBulk), false},
			{lossyStackToKernel, "server → kernel, loss", "MB/s", b.lossy(b.recvBulk), false},
		} {
			if !b.cfg.measures(m.name) {
				continue
			}
			line := fmt.Sprintf("run %d/%d  %-21s", run, b.cfg.runs, m.short)
			for _, n := range b.networks {
				if n.pingOnly && m.name != pingMedian {
					continue
				}
				before := readCPU(n.pid)
				v, note, err := m.do(ctx, n.client, n.server)
				after := readCPU(n.pid)
				if err == nil && n.name == netStack {
					err = b.campd.check()
				}
				if err == nil && n.name == netTAPEcho {
					err = b.tapEcho.check()
				}
				if err != nil {
					if n.name == netStack {
						return fmt.Errorf("%s, our stack: %w%s", m.name, err, b.campd.logTail())
					}
					return fmt.Errorf("%s, %s: %w", m.name, n.name, err)
				}
				b.note(note, "run %d, %s, %s", run, m.short, n.name)
				if m.name == pingMedian {
					// ping's two figures come from the one measurement.
					b.samples[n.name][pingP99] = append(b.samples[n.name][pingP99], b.lastP99)
				}
				b.samples[n.name][m.name] = append(b.samples[n.name][m.name], v)
				if m.cpu {
					b.cpu[n.name][m.name] = append(b.cpu[n.name][m.name], after.since(before, b.lastClient))
				}
				line += fmt.Sprintf("  %s %7s", n.name, formatValue(v))
			}
			b.progress("%s  %s", line, m.unit)
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
	lossy := formatSize(b.lossySize())
	rows := []struct {
		name, title, unit string
		lowerIsBetter     bool
	}{
		{kernelToStack, "kernel → stack, bulk TCP, " + size, "MB/s", false},
		{stackToKernel, "stack → kernel, bulk TCP, " + size, "MB/s", false},
		{pingMedian, fmt.Sprintf("ping round trip, median of %d", b.cfg.pings), "ms", true},
		{pingP99, fmt.Sprintf("ping round trip, 99th percentile of %d", b.cfg.pings), "ms", true},
		{httpRequests, fmt.Sprintf("HTTP GET /, %d keep-alive connections", b.cfg.conns), "requests/s", false},
		{lossyKernelToStack, fmt.Sprintf("kernel → stack, bulk with %d %% loss, %s", lossPercent, lossy), "MB/s", false},
		{lossyStackToKernel, fmt.Sprintf("stack → kernel, bulk with %d %% loss, %s", lossPercent, lossy), "MB/s", false},
	}
	var figs []figure
	for _, r := range rows {
		if len(b.samples[netStack][r.name]) == 0 {
			continue // not measured (-only)
		}
		f := newFigure(r.name, r.title, r.unit, r.lowerIsBetter,
			b.samples[netStack][r.name], b.samples[netKernel][r.name], b.samples[netKernelOffload][r.name])
		if echo := b.samples[netTAPEcho][r.name]; len(echo) > 0 {
			f.withTAPEcho(echo)
		}
		figs = append(figs, f)
	}
	return figs
}

// cpuFigures sums up the CPU time of the measurements that keep it.
func (b *bench) cpuFigures() []cpuFigure {
	var figs []cpuFigure
	for _, m := range []struct{ name, title string }{
		{kernelToStack, "kernel → server, bulk"},
		{stackToKernel, "server → kernel, bulk"},
		{httpRequests, "HTTP"},
	} {
		if !b.cfg.measures(m.name) {
			continue
		}
		for _, n := range b.networks {
			if !n.pingOnly {
				figs = append(figs, newCPUFigure(m.name, m.title, n.name, b.cpu[n.name][m.name]))
			}
		}
	}
	return figs
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

// ping measures the round-trip times, in milliseconds, of the kernel's
// ping in ns to server: -pings echoes 2 ms apart (an interval under 200 ms
// needs root), and returns their median; their 99th percentile is left in
// b.lastP99. Echoes this close together keep neither end idle long enough
// to fall into a deep sleep, so the figure is the time of the path more
// than of waking up; it still includes waking the program at the far end
// of the TAP, which the kernel answering itself does not pay.
func (b *bench) ping(ctx context.Context, ns *namespace, server string) (float64, string, error) {
	ctx, cancel := context.WithTimeout(ctx, safetyTimeout)
	defer cancel()
	// ping fails (exit status 1) if an echo went unanswered, but its
	// output still holds the times of the others.
	out, err := ns.run(ctx, "ping", "-n", "-c", strconv.Itoa(b.cfg.pings), "-i", pingInterval, "-W", "2", server)
	times, lost, perr := parsePing(out)
	if perr != nil {
		return 0, "", errors.Join(perr, err)
	}
	s := summarize(times)
	b.lastP99 = percentile(times, 0.99)
	note := ""
	if lost > 0 {
		note = fmt.Sprintf("%d of %d echoes unanswered", lost, b.cfg.pings)
	}
	return s.Median, note, nil
}

// pingInterval is the time between two echo requests, in seconds, as ping's
// -i takes it.
const pingInterval = "0.002"

// safetyTimeout bounds every command netbench runs, in case one hangs
// where nothing detects a stall.
const safetyTimeout = 30 * time.Minute

// client runs `netbench _client -do what -addr addr …` inside ns and
// returns what it measured.
func (b *bench) client(ctx context.Context, ns *namespace, what, addr string) (clientResult, error) {
	c := b.cfg
	b.lastClient = clientResult{}
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
	b.lastClient = r
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
