// Command course is the course tool of Go TCP/IP Camp.
//
// solutions/ is the only hand-written stack. Every day folder (day1-device/ …
// day6-teardown-dhcp/) is generated from it by reading the //camp: markers
// described in docs/course-markers.md. Run it from anywhere inside the
// repository. Learners use:
//
//	go run ./tools/course watch [-once] [dayN] the learner's screen: re-runs the day's tests on every save
//	go run ./tools/course hint ID              one TODO (2.1 or checksum): where, hints, lesson paragraph
//	go run ./tools/course todos [-day N]       every TODO, where to write it in your folder, done or open
//	go run ./tools/course progress [-day N | -all]
//	                                           tests passing and TODOs done, for the current day
//	go run ./tools/course diff dayN [path]     a learner's day folder against the solution
//	go run ./tools/course lab [dayN] [-- cmd]  a shell in a namespace where the kernel pings your campd
//
// Course authors use:
//
//	go run ./tools/course gen                  write every day folder from solutions/
//	go run ./tools/course check [-v] [-stage N] [-skip-race] [-load-bearing | -todo ID | -mistake ID | -mistakes]
//	                                           prove the course is right (docs/course-markers.md)
//
// The files of this command, in reading order:
//
//	main.go      the command line, the stage table, finding the repository
//	markers.go   reading and validating the markers of one solution file
//	gen.go       building a stage (files, header, non-Go files) and the gen command
//	imports.go   rewriting, pruning and adding the imports of a generated file
//	lessons.go   checking that every TODO has an anchor in its lesson
//	gotest.go    running go commands, reading `go test -json`, temporary modules
//	check.go     the check command and its proofs (docs/course-markers.md)
//	loadbearing.go  the load-bearing proof: a stub must make a test fail naming it
//	stageinterop.go the stages' interop tests, and the skips on the final line
//	fullsize.go  finding the full-size tests (camptest.FullSize)
//	fuzz.go      the fuzz proofs, and the packages that must have a fuzz target
//	learner.go   a learner's day folder: open stubs, hints, lesson paragraphs, the current day
//	watch.go     the watch command: the learner's screen
//	term_*.go    cbreak mode for watch's keys, per OS
//	hint.go      the hint and todos commands
//	progress.go  the progress command
//	diff.go      the diff command and its small line diff
//	lab.go       the lab command: your campd on a TAP, and a shell beside it
//	rootless.go  check's run of the solutions' interop tests as the user nobody
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// modulePath is the course's Go module. The repository root is the folder
// whose go.mod declares it.
const modulePath = "github.com/go-tcpip-camp/camp"

// solutionsDir is the hand-written stack, relative to the repository root.
const solutionsDir = "solutions"

// A stage is one day of the course: the folder a learner works in on that
// day, and the lesson that teaches it.
type stage struct {
	Day int
	Dir string // folder at the repository root, e.g. "day1-device"
}

// stages is the fixed table of the course (docs/course-markers.md, "The stages").
var stages = []stage{
	{1, "day1-device"},
	{2, "day2-ip-icmp"},
	{3, "day3-ethernet-arp"},
	{4, "day4-routing-udp"},
	{5, "day5-tcp"},
	{6, "day6-teardown-dhcp"},
}

// maxDay is the last day of the course; marker days must be 1 … maxDay.
const maxDay = 6

// stageDir returns the folder of the given day, e.g. "day1-device".
func stageDir(day int) string {
	if day < 1 || day > len(stages) {
		return fmt.Sprintf("day%d", day)
	}
	return stages[day-1].Dir
}

// lessonPath returns the lesson of the given day, e.g. "docs/day1-device.md".
func lessonPath(day int) string { return "docs/" + stageDir(day) + ".md" }

// parseDay accepts "3", "day3" and "day3-ethernet-arp" and returns 3.
func parseDay(s string) (int, error) {
	for _, st := range stages {
		if s == st.Dir || s == fmt.Sprint(st.Day) || s == fmt.Sprintf("day%d", st.Day) {
			return st.Day, nil
		}
	}
	return 0, fmt.Errorf("unknown day %q: want 1 … %d, day1 … day%d or a day folder name", s, maxDay, maxDay)
}

const usage = `usage: go run ./tools/course <command> [flags]

for learners:
  watch [-once] [dayN]         your screen for the day (default: the first day with an open
                               TODO): re-runs its tests whenever you save a .go file and shows
                               the next TODO, where to write it and the first failing assertion;
                               h shows the TODO's hint, q quits. Without a terminal, or with
                               -once, it runs once and exits 0 when the day is green
  hint ID                      one TODO (a step like 2.1 or an id like checksum): where it is in
                               your day folder, its hints and the lesson's paragraph
  todos [-day N]               every TODO in teaching order, where to write it, done or open
  progress [-day N | -all]     run the tests of the current day (or day N, or every day) and
                               show what is left
  diff dayN [path]             your day folder (or one file in it) against the solution
  lab [-campd FILE] [dayN|solutions] [-- cmd …]
                               build your day's campd, start it on a TAP in a network
                               namespace of its own (no root needed where user namespaces
                               are allowed) and open a shell there (or run cmd): ping
                               192.0.2.2, curl http://192.0.2.2/, tcpdump -i tap0

for course authors:
  gen                          write every day folder from solutions/ (it overwrites the day
                               folders, so a learner's work is lost)
  gen -filled DIR              write every stage with its TODOs filled into DIR, a new module
                               outside the repository (to time a finished day's go test)
  check [-v] [-stage N] [-skip-race] [-load-bearing | -todo ID | -mistake ID | -mistakes]
                               prove the course is right: markers, drift, vet, tests,
                               every stage failing politely with its TODOs and passing
                               filled, every TODO load-bearing (-v: which test caught
                               it), fuzz, every mistake caught, interop as root

See docs/course-markers.md.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	if cmd == "help" || cmd == "-h" || cmd == "-help" || cmd == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(stderr, "course:", err)
		return 1
	}
	root, err := findRoot(wd)
	if err != nil {
		fmt.Fprintln(stderr, "course:", err)
		return 1
	}
	switch cmd {
	case "gen":
		return cmdGen(root, rest, stdout, stderr)
	case "check":
		return cmdCheck(root, rest, stdout, stderr)
	case "progress":
		return cmdProgress(root, rest, stdout, stderr)
	case "diff":
		return cmdDiff(root, rest, stdout, stderr)
	case "todos":
		return cmdTodos(root, rest, stdout, stderr)
	case "hint":
		return cmdHint(root, rest, stdout, stderr)
	case "watch":
		return cmdWatch(root, rest, stdout, stderr)
	case "lab":
		return cmdLab(root, rest, stdout, stderr)
	}
	fmt.Fprintf(stderr, "course: unknown command %q\n\n%s", cmd, usage)
	return 2
}

// findRoot walks up from dir to the folder whose go.mod declares modulePath.
func findRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; {
		if modName(filepath.Join(d, "go.mod")) == modulePath {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod of module %s in %s or any folder above it", modulePath, dir)
		}
		d = parent
	}
}

// modName returns the module path declared by the go.mod file at path, or ""
// if there is none.
func modName(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// loadCourse reads solutions/ under root.
func loadCourse(root string) (*Course, error) {
	dir := filepath.Join(root, solutionsDir)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("no %s/ folder in %s", solutionsDir, root)
	}
	return Load(os.DirFS(dir))
}

// printErr prints err, one line per joined error.
func printErr(w io.Writer, err error) {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		for _, e := range joined.Unwrap() {
			fmt.Fprintln(w, e)
		}
		return
	}
	fmt.Fprintln(w, err)
}
