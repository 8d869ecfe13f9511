// Command netbench measures our TCP/IP stack against the Linux kernel's, in
// one run, on this machine, and prints each figure next to the kernel's.
//
//	sudo -E go run ./tools/netbench                    # 200 MB each way, 3 runs
//	sudo -E go run ./tools/netbench -size 20MB -runs 1 # a quick look
//	sudo -E go run ./tools/netbench -json              # for scripts
//	sudo -E go run ./tools/netbench -only kernel-to-stack -campd ./campd  # one row, a given build
//
// It needs Linux and root: it builds four small private networks out of
// network namespaces (see solutions/internal/netns for what they are),
// measures, and removes them again — at the end, on an error, and on
// Ctrl-C. Nothing leaves them: their addresses are TEST-NET-1, -2 and -3
// (RFC 5737).
//
// The network under test: our stack, run by campd, at the far end of a TAP
// device whose kernel side is in a namespace of its own.
//
//	namespace netbench-PID-stack
//	  kernel 192.0.2.1 ── nbtap0 (TAP) ── campd: our stack, 192.0.2.2
//	                                      discard (9), chargen (19), http (80)
//
// The baseline: the kernel talking to itself, between two namespaces joined
// by a veth pair with its offloads off (ethtool -K), so that the kernel cuts
// and checksums every 1500-byte frame itself, as our stack must.
//
//	namespace netbench-PID-a               namespace netbench-PID-z
//	  kernel 198.51.100.1 ── veth pair ── kernel 198.51.100.2
//	                                      netbench _serve: discard and
//	                                      chargen as fast as the kernel
//	                                      allows, http with campd's code
//
// The upper bound: the same with the veth's offloads on (203.0.113.1 and
// .2, namespaces netbench-PID-b and -y): the kernel moves 64 KiB at a time
// and skips the checksums. And the ping floor: netbench _tapecho on a TAP
// of its own (namespace netbench-PID-echo), which answers ARP and echo
// requests in the frame it read: the least any program behind a TAP does.
//
// In every network the client is the kernel, driven by this same program
// re-executed inside the client's namespace (`ip netns exec NS netbench
// _client …`). Each figure is measured -runs times, every network one after
// the other in every run, so that a noisy neighbour on the machine hurts
// all alike; the table gives the median and the range, and our stack's
// ratio to each baseline. Under it, the CPU time of server and client
// (user and system) and the CPU cost per MB: the baselines' programs spend
// next to nothing in user space, so the kernel is what they measure.
//
// What it measures (client.go has the details):
//
//   - kernel → stack: the client writes -size bytes to discard, shuts its
//     side down, and waits for the server's FIN, which the server sends
//     only once it has read every byte;
//   - stack → kernel: the client reads -size bytes from chargen;
//   - ping: the round-trip times of the kernel's ping, -pings echoes 2 ms
//     apart: their median and 99th percentile;
//   - HTTP: requests per second of GET / over -conns keep-alive connections
//     at once, for -duration;
//   - the two bulk transfers again (at most 50 MB) with 2 % of the packets
//     dropped each way by nftables in the client's namespace (this
//     machine's kernel has no netem): loss recovery, stack ÷ kernel.
//
// The files, in reading order:
//
//	main.go           the command line
//	names.go          the addresses, interfaces and namespaces
//	bench_linux.go    the benchmark: set up, measure, tear down
//	netns_linux.go    network namespaces, veth pairs and commands inside them
//	campd_linux.go    building and starting campd (or _tapecho) on its TAP
//	client.go         the measurements, run inside a namespace
//	server.go         the baselines' services on the kernel's sockets
//	tapecho_linux.go  the ping floor: answering echoes on a TAP, no stack
//	cpu_linux.go      the CPU time of the programs and of the machine
//	rusage_unix.go    the client's own CPU time
//	ping.go           reading the kernel ping's output
//	stats.go          median, percentiles, min and max of the runs
//	report.go         the table and the JSON
//	size.go           sizes like 200MB
//	bench_other.go    what netbench says on systems other than Linux
//	pingside.sh       ping of several programs on TAPs side by side (docs/performance.md)
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// config is what the command line asks for.
type config struct {
	size     int64         // bytes moved by each bulk transfer
	runs     int           // how many times each figure is measured
	pings    int           // echo requests per ping measurement
	conns    int           // concurrent HTTP connections
	duration time.Duration // how long each HTTP measurement lasts
	stall    time.Duration // a measurement in which nothing moves this long fails
	campd    string        // a campd binary to use instead of building one
	only     []string      // the measurements to make (their names in the JSON); all if empty
	json     bool          // print JSON instead of the table
	verbose  bool          // say every command run
}

// measures reports whether the command line asks for the measurement
// name (one of measurementNames).
func (c config) measures(name string) bool {
	return len(c.only) == 0 || slices.Contains(c.only, name)
}

// errReported is returned by parseFlags for a command line the flag
// package has already complained about.
var errReported = errors.New("bad command line")

// parseFlags reads the command line (without the program name).
func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("netbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: sudo -E go run ./tools/netbench [flags]\n\n"+
			"Measures our stack (campd on a TAP) against the kernel (over a veth pair)\n"+
			"inside private network namespaces; Linux and root only.\n\n")
		fs.PrintDefaults()
	}
	c := config{size: 200e6}
	fs.Func("size", "bytes moved by each bulk transfer, like 200MB, 1GB or 64MiB (default 200MB)", func(s string) error {
		n, err := parseSize(s)
		c.size = n
		return err
	})
	fs.IntVar(&c.runs, "runs", 3, "how many times each figure is measured (the table shows the median)")
	fs.IntVar(&c.pings, "pings", 1000, "echo requests per ping measurement, 2 ms apart")
	fs.IntVar(&c.conns, "conns", 32, "concurrent keep-alive connections of the HTTP measurement")
	fs.DurationVar(&c.duration, "duration", 3*time.Second, "how long each HTTP measurement lasts")
	fs.DurationVar(&c.stall, "stall", 10*time.Second, "a transfer in which nothing moves for this long has stalled")
	fs.Func("only", "make only these measurements, comma-separated: "+strings.Join(measurementNames, ", ")+" (default all)", func(s string) error {
		for _, name := range strings.Split(s, ",") {
			if !slices.Contains(measurementNames, name) {
				return fmt.Errorf("no measurement %q", name)
			}
			c.only = append(c.only, name)
		}
		return nil
	})
	fs.StringVar(&c.campd, "campd", "", "use this campd `binary` instead of building ./solutions/cmd/campd")
	fs.BoolVar(&c.json, "json", false, "print the results as JSON")
	fs.BoolVar(&c.verbose, "v", false, "say every command run")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, errReported // the flag package has said what is wrong, and shown the usage
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch {
	case c.size <= 0:
		return c, errors.New("-size must be more than 0 bytes")
	case c.runs < 1:
		return c, errors.New("-runs must be at least 1")
	case c.pings < 1:
		return c, errors.New("-pings must be at least 1")
	case c.conns < 1:
		return c, errors.New("-conns must be at least 1")
	case c.duration <= 0 || c.stall <= 0:
		return c, errors.New("-duration and -stall must be positive")
	}
	return c, nil
}

func main() {
	// netbench re-executes itself inside a namespace to play the kernel's
	// side of a measurement (_client) or the baseline's server (_serve).
	// These subcommands are for netbench's own use.
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "_client":
			exit(clientMain(os.Args[2:], os.Stdout))
		case "_serve":
			exit(serveMain(os.Args[2:]))
		case "_tapecho":
			exit(tapEchoMain(os.Args[2:]))
		}
	}
	c, err := parseFlags(os.Args[1:], os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.Is(err, errReported):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "netbench:", err)
		os.Exit(2)
	}
	exit(run(c))
}

// exit ends the program, saying why if err is not nil.
func exit(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "netbench:", err)
		os.Exit(1)
	}
	os.Exit(0)
}
