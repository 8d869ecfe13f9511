package main

// `course hint ID` and `course todos` are for learners: the first says
// everything the course has to say about one TODO, the second lists every
// TODO with where to write it in the learner's day folder and whether it is
// done.

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"
)

// cmdHint prints one TODO: its description, where to write it, the stub's
// hints and the lesson's paragraph.
func cmdHint(root string, args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: go run ./tools/course hint ID   (a step like 2.1 or an id like checksum; `course todos` lists them)")
		return 2
	}
	setupColor()
	c, err := loadCourse(root)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	t, ok := findTODO(c, args[0])
	if !ok {
		fmt.Fprintf(stderr, "course hint: no TODO %q: give a step like 2.1 or an id like checksum (`go run ./tools/course todos` lists them)\n", args[0])
		return 2
	}
	open, err := findStubs(root, stageDir(t.Day), []TODO{t})
	if err != nil {
		fmt.Fprintln(stderr, "course hint:", err)
		return 1
	}
	loc, isOpen := open[t.ID]
	printHint(stdout, root, t, loc, isOpen)
	return 0
}

// printHint writes the hint screen of one TODO.
func printHint(w io.Writer, root string, t TODO, loc stubLoc, isOpen bool) {
	bold, cyan, faint := color.New(color.Bold), color.New(color.FgCyan), color.New(color.Faint)
	fmt.Fprintf(w, "%s %s — %s\n", bold.Sprintf("%d.%d", t.Day, t.Step), bold.Sprint(t.ID), t.Description)
	where := solutionPathInDay(t) + "  " + faint.Sprint("(done: your code replaced the stub)")
	hints := loc.Hints
	if isOpen {
		where = loc.String()
	}
	if len(hints) == 0 {
		hints = solutionHints(root, t)
	}
	fmt.Fprintf(w, "  %-9s %s\n", "where", where)
	fmt.Fprintf(w, "  %-9s %s\n", "lesson", cyan.Sprintf("%s#%s", lessonPath(t.Day), t.ID))
	fmt.Fprintln(w)
	printHintBody(w, hints, lessonSection(root, t), t)
}

// printHintBody writes a TODO's hints and its lesson paragraphs.
func printHintBody(w io.Writer, hints, lesson []string, t TODO) {
	bold := color.New(color.Bold)
	if len(hints) > 0 {
		bold.Fprintln(w, "Hints")
		for _, h := range hints {
			fmt.Fprintln(w, "  "+h)
		}
	}
	if len(lesson) > 0 {
		if len(hints) > 0 {
			fmt.Fprintln(w)
		}
		bold.Fprintf(w, "From the lesson (%s#%s)\n", lessonPath(t.Day), t.ID)
		for _, l := range lesson {
			fmt.Fprintln(w, strings.TrimRight("  "+l, " "))
		}
	}
	if len(hints) == 0 && len(lesson) == 0 {
		fmt.Fprintf(w, "No hint written for %s: read %s#%s.\n", t.ID, lessonPath(t.Day), t.ID)
	}
}

// solutionPathInDay is the file of a TODO's marker, in its day folder
// rather than solutions/: where the stub was generated.
func solutionPathInDay(t TODO) string {
	return stageDir(t.Day) + "/" + strings.TrimPrefix(t.File, solutionsDir+"/")
}

// cmdTodos prints every TODO of the course (or of one day) in teaching
// order, each with where to write it in the learner's day folder and
// whether it is done there.
func cmdTodos(root string, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("todos", flag.ContinueOnError)
	fl.SetOutput(stderr)
	only := fl.Int("day", 0, "list only this day's TODOs")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: go run ./tools/course todos [-day N]")
		return 2
	}
	setupColor()
	c, err := loadCourse(root)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	var days []todoDay
	for _, st := range stages {
		if (*only != 0 && st.Day != *only) || st.Day > c.LastStage() {
			continue
		}
		d := todoDay{day: st.Day, todos: dayTODOs(c, st.Day)}
		if dayExists(root, st.Day) {
			if d.open, err = findStubs(root, st.Dir, d.todos); err != nil {
				fmt.Fprintln(stderr, "course todos:", err)
				return 1
			}
		} else {
			d.missing = true
		}
		days = append(days, d)
	}
	printTodos(stdout, days)
	return 0
}

// todoDay is one day of the todos list.
type todoDay struct {
	day     int
	todos   []TODO
	open    map[string]stubLoc
	missing bool // the day folder is not in the repository
}

// printTodos writes the todos list: a line per day, then a line per TODO.
func printTodos(w io.Writer, days []todoDay) {
	bold, green, yellow, faint := color.New(color.Bold), color.New(color.FgGreen), color.New(color.FgYellow), color.New(color.Faint)
	pad := func(s string, n int) string { return s + strings.Repeat(" ", max(0, n-len([]rune(s)))) }
	for i, d := range days {
		if i > 0 {
			fmt.Fprintln(w)
		}
		done := len(d.todos) - len(d.open)
		switch {
		case d.missing:
			fmt.Fprintf(w, "%s  %s\n", bold.Sprint(stageDir(d.day)+"/"), faint.Sprint("(no such folder)"))
		default:
			fmt.Fprintf(w, "%s  %d/%d done  %s\n", bold.Sprint(stageDir(d.day)+"/"), done, len(d.todos), faint.Sprint(lessonPath(d.day)))
		}
		for _, t := range d.todos {
			loc, open := d.open[t.ID]
			mark, where := green.Sprint("done"), faint.Sprint(pad(solutionPathInDay(t), 44))
			if open {
				mark, where = yellow.Sprint("open"), pad(loc.String(), 44)
			}
			if d.missing {
				mark = faint.Sprint("  - ")
			}
			fmt.Fprintf(w, "  %s %s %s %s  %s\n", pad(fmt.Sprintf("%d.%d", t.Day, t.Step), 5), mark,
				bold.Sprint(pad(t.ID, 24)), where, t.Description)
		}
	}
}
