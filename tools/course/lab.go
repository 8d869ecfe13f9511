package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"github.com/go-tcpip-camp/camp/solutions/userns"
)

// The lab: the learner's own campd on a TAP device, in a network namespace
// of its own, and a shell (or one command) in that namespace, where the
// kernel is 192.0.2.1 at the TAP's other end:
//
//	go run ./tools/course lab day3            a shell: ping 192.0.2.2, tcpdump -i tap0
//	go run ./tools/course lab day3 -- ping -c 3 192.0.2.2
//
// As root, the namespace is a named one (`ip netns add camp-PID-lab`). As an
// ordinary user, it is a user namespace with a network namespace inside
// (`unshare --user --net`), which Linux allows ordinary users unless a
// sysctl forbids it; the TAP needs /dev/net/tun mode 0666, as distributions
// ship it. Either way the namespace holds nothing but lo and tap0: nothing
// the learner sends leaves it, and it goes when the lab ends.
//
// The namespace's side is a short sh script (labScript), so that a learner
// can read exactly what runs there.

// The lab's network: TEST-NET-1 (RFC 5737), never routed anywhere.
const (
	labTAP        = "tap0"
	labKernelAddr = "192.0.2.1"
	labStackAddr  = "192.0.2.2"
	labStackMAC   = "02:00:5e:00:02:02" // locally administered
	labPrompt     = "camp-lab"
)

const labUsage = `usage: go run ./tools/course lab [-campd FILE] [dayN | solutions] [-- command [args…]]

Builds that stage's campd (default: your current day, as watch picks it;
day 3 or later, the first with a TAP device), starts it on tap0 at
` + labStackAddr + ` inside a network namespace of its own, where the kernel is
` + labKernelAddr + `, and opens a shell there — or runs the command, and exits with
its status. Try: ping ` + labStackAddr + `, tcpdump -ni tap0, ip neigh, and from Day 5
curl http://` + labStackAddr + `/. campd's log and a capture of every frame go to a
folder the banner names; everything is removed when you leave.
`

func cmdLab(root string, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("lab", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() { fmt.Fprint(stderr, labUsage); fl.PrintDefaults() }
	prebuilt := fl.String("campd", "", "run this campd `binary` instead of building the stage's (its stage still picks the flags)")
	var command []string
	for i, a := range args {
		if a == "--" {
			args, command = args[:i], args[i+1:]
			break
		}
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 1 {
		fl.Usage()
		return 2
	}
	if runtime.GOOS != "linux" {
		fmt.Fprintf(stderr, "course lab: needs Linux (TAP devices and network namespaces); this is %s\n", runtime.GOOS)
		return 1
	}
	dir, day, err := labStage(root, fl.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "course lab:", err)
		return 2
	}
	if why := labUnavailable(); why != "" {
		fmt.Fprintln(stderr, "course lab: cannot make a network namespace:", why)
		return 1
	}

	tmp, err := os.MkdirTemp("", "camp-lab-")
	if err != nil {
		fmt.Fprintln(stderr, "course lab:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	campd := *prebuilt
	if campd == "" {
		campd = filepath.Join(tmp, "campd")
		fmt.Fprintf(stderr, "building %s/cmd/campd …\n", dir)
		build := exec.Command("go", "build", "-o", campd, "./"+dir+"/cmd/campd")
		build.Dir, build.Stdout, build.Stderr = root, stderr, stderr
		if err := build.Run(); err != nil {
			fmt.Fprintf(stderr, "course lab: building %s/cmd/campd: %v\n", dir, err)
			return 1
		}
	} else if campd, err = filepath.Abs(campd); err != nil {
		fmt.Fprintln(stderr, "course lab:", err)
		return 1
	}

	script := labScript(tmp, append([]string{campd}, campdFlags(day, tmp)...), command)
	var cmd *exec.Cmd
	if os.Geteuid() == 0 {
		name := "camp-" + strconv.Itoa(os.Getpid()) + "-lab"
		if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
			fmt.Fprintf(stderr, "course lab: ip netns add %s: %v\n%s", name, err, out)
			return 1
		}
		defer func() {
			if out, err := exec.Command("ip", "netns", "del", name).CombinedOutput(); err != nil {
				fmt.Fprintf(stderr, "course lab: ip netns del %s: %v\n%s", name, err, out)
			}
		}()
		cmd = exec.Command("ip", "netns", "exec", name, "sh", "-c", script)
	} else {
		cmd = exec.Command("unshare", append(userNSFlags(), "--", "sh", "-c", script)...)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	// Ctrl-C belongs to the shell or the command in the lab; the script
	// stops campd whatever happens, and this process cleans up after it.
	signal.Ignore(os.Interrupt, syscall.SIGQUIT)
	defer signal.Reset(os.Interrupt, syscall.SIGQUIT)
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return max(ee.ExitCode(), 1)
	}
	if err != nil {
		fmt.Fprintln(stderr, "course lab:", err)
		return 1
	}
	return 0
}

// labStage resolves the lab's argument to a folder and its day: a day,
// "solutions", or "" for the learner's current day.
func labStage(root, arg string) (dir string, day int, err error) {
	if arg == solutionsDir {
		return solutionsDir, maxDay, nil
	}
	if arg == "" {
		c, err := loadCourse(root)
		if err != nil {
			return "", 0, err
		}
		if day, err = currentDay(root, c); err != nil {
			return "", 0, err
		}
	} else if day, err = parseDay(arg); err != nil {
		return "", 0, err
	}
	if day < 3 {
		return "", 0, fmt.Errorf("%s has no campd: the TAP device, and so the lab, come on Day 3 (try: lab day3, or lab solutions)", stageDir(day))
	}
	if !dayExists(root, day) {
		return "", 0, fmt.Errorf("there is no %s/ folder", stageDir(day))
	}
	return stageDir(day), day, nil
}

// campdFlags returns the flags campd of the given day runs with in the lab:
// the lab's addresses, a capture of every frame, and from Day 4 the
// services of that day.
func campdFlags(day int, dir string) []string {
	f := []string{"-tap", labTAP, "-addr", labStackAddr + "/24", "-mac", labStackMAC, "-pcap", filepath.Join(dir, "lab.pcap")}
	switch {
	case day >= 5:
		f = append(f, "-serve", "echo,discard,chargen,http")
	case day == 4:
		f = append(f, "-serve", "echo,discard,chargen")
	}
	return f
}

// userNSFlags are unshare's flags for an ordinary user's lab. With
// --keep-caps (util-linux 2.38), the learner stays themself inside, with
// every capability over the namespace: tcpdump, which as root insists on
// changing to its own user (impossible in a user namespace), then runs.
// Older unshare maps the learner to root instead.
func userNSFlags() []string {
	help, _ := exec.Command("unshare", "--help").CombinedOutput()
	if strings.Contains(string(help), "--keep-caps") && strings.Contains(string(help), "--map-current-user") {
		return []string{"--user", "--map-current-user", "--keep-caps", "--net"}
	}
	return []string{"--user", "--map-root-user", "--net"}
}

// labUnavailable says why this process cannot make the lab's namespace,
// or "" if it can (it is root, or Linux lets it make a user namespace).
// The reasons, with their ways out, are the interop tests' (package
// userns, which solutions/internal/netns uses too).
func labUnavailable() string {
	if _, err := exec.LookPath("ip"); err != nil {
		return "the ip command is missing: install iproute2"
	}
	if os.Geteuid() == 0 {
		return ""
	}
	return userns.Unavailable("or run the lab as root: sudo -E go run ./tools/course lab")
}

// labScript is the sh script that runs inside the namespace: it starts
// campd (the command line campd) in the background with its log in dir,
// waits for campd's TAP, gives the kernel's end its address, then runs
// command — or, if there is none, the learner's shell — and stops campd
// when that ends, however it ends.
func labScript(dir string, campd, command []string) string {
	log := filepath.Join(dir, "campd.log")
	var run string
	if len(command) > 0 {
		run = shellQuote(command...)
	} else {
		rc := filepath.Join(dir, "bashrc")
		// The prompt says where you are. bash reads ~/.bashrc, which
		// usually sets PS1, so a bashrc of our own sources it first.
		run = `case "${SHELL:-/bin/sh}" in
*bash) printf '%s\n' '[ -f ~/.bashrc ] && . ~/.bashrc' 'PS1="(` + labPrompt + `) $PS1"' > ` + shellQuote(rc) + `
       "$SHELL" --rcfile ` + shellQuote(rc) + ` -i ;;
*)     PS1="(` + labPrompt + `) \$ " "${SHELL:-/bin/sh}" -i ;;
esac`
	}
	return `# course lab: runs inside the lab's network namespace.
trap 'exit 130' INT TERM HUP
ip link set dev lo up
` + shellQuote(campd...) + ` > ` + shellQuote(log) + ` 2>&1 &
campd=$!
stop() {
	kill -TERM $campd 2>/dev/null; wait $campd 2>/dev/null
	if grep -q 'TODO(day' ` + shellQuote(log) + `; then   # say what is unfinished
		echo "course lab: your campd ran into unfinished TODOs (times, TODO):" >&2
		grep -o 'TODO(day.*' ` + shellQuote(log) + ` | sort | uniq -c | sort -rn | head -n 3 >&2
	fi
}
trap stop EXIT
n=0
until ip link show dev ` + labTAP + ` > /dev/null 2>&1; do   # campd makes tap0
	if ! kill -0 $campd 2>/dev/null || [ $n -ge 100 ]; then
		echo "course lab: campd did not make ` + labTAP + `; its log:" >&2
		cat ` + shellQuote(log) + ` >&2
		exit 1
	fi
	n=$((n + 1)); sleep 0.1
done
echo 1 > /proc/sys/net/ipv6/conf/` + labTAP + `/disable_ipv6 2>/dev/null # no IPv6 chatter; optional
ip addr add ` + labKernelAddr + `/24 dev ` + labTAP + ` && ip link set dev ` + labTAP + ` up || exit 1
cat >&2 <<'BANNER'
┌ course lab ─ a network namespace of its own; nothing leaves it
│ your stack (campd) is ` + labStackAddr + ` at ` + labStackMAC + ` on ` + labTAP + `; the kernel is ` + labKernelAddr + `
│ campd's log:   ` + log + `
│ every frame:   ` + filepath.Join(dir, "lab.pcap") + `   (tshark -r, or Wireshark)
│ try:           ping -c 3 ` + labStackAddr + `   ip neigh   tcpdump -ni ` + labTAP + `   curl http://` + labStackAddr + `/ (Day 5)
└ exit (or Ctrl-D) stops campd and removes it all
BANNER
` + run + `
`
}

// shellQuote quotes words for sh.
func shellQuote(words ...string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}
