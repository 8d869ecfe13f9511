package main

// This file builds a stage from solutions/: it keeps or drops files, resolves
// the marker blocks (markers.go), fixes the imports, formats the result and
// puts the generated-file header on top. Generation is a pure function of
// solutions/, the stage and the mode, so `gen`, `check` and `diff` all build
// stages the same way; only `gen` writes them into the repository.

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// A Course is solutions/, read and validated once.
type Course struct {
	files  []*sourceFile     // the Go files, by path
	others []string          // the other files, by path below solutions/
	raw    map[string][]byte // the other files' contents
	// pkgNames maps a package folder below solutions/ ("." for solutions/
	// itself) to its package name, read from the package clauses.
	pkgNames map[string]string
	todos    []TODO
	mistakes []Mistake
}

// Load reads and validates every file of fsys, the solutions/ folder. Files
// and folders whose names start with "." or "_" are skipped, as the go
// command does. All marker mistakes are returned together.
func Load(fsys fs.FS) (*Course, error) {
	c := &Course{raw: map[string][]byte{}, pkgNames: map[string]string{}}
	var errs []error
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if !strings.HasSuffix(p, ".go") {
			c.others = append(c.others, p)
			c.raw[p] = src
			return nil
		}
		f, ferrs := parseFile(p, src)
		errs = append(errs, ferrs...)
		c.files = append(c.files, f)
		dir := path.Dir(p)
		if name := strings.TrimSuffix(f.pkgName, "_test"); name != "" && (c.pkgNames[dir] == "" || !strings.HasSuffix(p, "_test.go")) {
			c.pkgNames[dir] = name
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, f := range c.files {
		c.todos = append(c.todos, f.todos()...)
		c.mistakes = append(c.mistakes, f.mistakes()...)
	}
	sortTODOs(c.todos)
	errs = append(errs, checkSolutionsOnly(c.files)...)
	errs = append(errs, checkTODOs(c.todos)...)
	errs = append(errs, checkMistakes(c.mistakes, c.todos)...)
	sortMistakes(c.mistakes)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// Generate builds one stage of the solutions in fsys. The result maps paths
// relative to the repository root ("day1-device/stack/device.go") to contents.
func Generate(fsys fs.FS, stage int, m Mode) (map[string][]byte, error) {
	c, err := Load(fsys)
	if err != nil {
		return nil, err
	}
	return c.Generate(stage, m)
}

// TODOs returns every TODO of the course, by day and step.
func (c *Course) TODOs() []TODO { return append([]TODO(nil), c.todos...) }

// Mistakes returns every mistake of the course, by day and step.
func (c *Course) Mistakes() []Mistake { return append([]Mistake(nil), c.mistakes...) }

// LastStage is the highest day named by any marker, at least 1.
func (c *Course) LastStage() int {
	last := 1
	for _, f := range c.files {
		last = max(last, f.maxMarkerDay())
	}
	return last
}

// todo returns the TODO with the given id.
func (c *Course) todo(id string) (TODO, bool) {
	for _, t := range c.todos {
		if t.ID == id {
			return t, true
		}
	}
	return TODO{}, false
}

// stagePackages returns the package folders below solutions/ that have a
// (non-test) Go file in the stage, mapped to their package names.
func (c *Course) stagePackages(stage int) map[string]string {
	pkgs := map[string]string{}
	for _, f := range c.files {
		if f.day <= stage && !strings.HasSuffix(f.rel, "_test.go") {
			dir := path.Dir(f.rel)
			pkgs[dir] = c.pkgNames[dir]
		}
	}
	return pkgs
}

// Generate builds one stage in the given mode; see the package Generate.
func (c *Course) Generate(stage int, m Mode) (map[string][]byte, error) {
	if stage < 1 || stage > maxDay {
		return nil, fmt.Errorf("no stage %d: stages are 1–%d", stage, maxDay)
	}
	if m.kind == singleStubMode {
		t, ok := c.todo(m.id)
		if !ok || t.Day != stage {
			return nil, fmt.Errorf("stage %d has no TODO %q", stage, m.id)
		}
	}
	if m.kind == mistakeMode && !c.hasMistake(stage, m.id) {
		return nil, fmt.Errorf("stage %d has no mistake %q", stage, m.id)
	}
	out := map[string][]byte{}
	ctx := &importContext{
		stagePrefix: modulePath + "/" + stageDir(stage),
		stagePkgs:   c.stagePackages(stage),
		allPkgs:     c.pkgNames,
	}
	goDirs := map[string]bool{} // folders below solutions/ with Go files in the stage
	var errs []error
	testDirs := map[string]bool{} // folders below solutions/ with test files in the stage
	soloDirs := map[string]bool{} // folders below solutions/ with solutions-only test files
	for _, f := range c.files {
		if f.solutionsOnly {
			soloDirs[path.Dir(f.rel)] = true
		}
		if f.day > stage || f.solutionsOnly {
			continue
		}
		src := strings.Join(f.resolve(stage, m), "\n") + "\n"
		ctx.ownDir = path.Dir(f.rel)
		body, err := fixImports([]byte(src), ctx)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s/%s: stage %d (%s): %v", solutionsDir, f.rel, stage, m, err))
			continue
		}
		full, err := format.Source(append([]byte(header(f.rel, stage)), bytes.TrimLeft(body, "\n")...))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s/%s: stage %d (%s): %v", solutionsDir, f.rel, stage, m, err))
			continue
		}
		out[stageDir(stage)+"/"+f.rel] = full
		goDirs[path.Dir(f.rel)] = true
		if strings.HasSuffix(f.rel, "_test.go") {
			testDirs[path.Dir(f.rel)] = true
		}
	}
	for _, p := range c.others {
		owner, ok := c.ownerDir(p)
		if !ok || !goDirs[owner] {
			continue
		}
		// testdata/ is for tests: a stage without the package's tests,
		// all of them //camp:file solutions, needs none of it.
		if strings.HasPrefix(p, path.Join(owner, "testdata")+"/") && soloDirs[owner] && !testDirs[owner] {
			continue
		}
		out[stageDir(stage)+"/"+p] = c.raw[p]
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// checkSolutionsOnly reports a main_test.go left in the stages of a package
// whose other test files are all marked //camp:file solutions: alone, it
// makes go test link and run a test binary that runs no test.
func checkSolutionsOnly(files []*sourceFile) []error {
	only := map[string]bool{}       // folders with a solutions-only test file
	staged := map[string][]string{} // folder → its test files that stages have
	for _, f := range files {
		if !strings.HasSuffix(f.rel, "_test.go") {
			continue
		}
		dir := path.Dir(f.rel)
		if f.solutionsOnly {
			only[dir] = true
		} else {
			staged[dir] = append(staged[dir], f.rel)
		}
	}
	var errs []error
	for _, dir := range sortedKeys(only) {
		if len(staged[dir]) == 1 && path.Base(staged[dir][0]) == "main_test.go" {
			errs = append(errs, &markerError{solutionsDir + "/" + staged[dir][0], 1,
				fmt.Sprintf("every other test file of %s/%s is marked //camp:file %s: mark this one so too, or every stage links a test binary that runs no test", solutionsDir, dir, solutionsOnlyWord)})
		}
	}
	return errs
}

// ownerDir returns the package folder a non-Go file belongs to: the nearest
// folder above it with Go files in solutions/ (testdata/fuzz/FuzzX/seed
// belongs to the package above testdata/). A file with no such folder
// belongs to no stage.
func (c *Course) ownerDir(p string) (string, bool) {
	for dir := path.Dir(p); ; dir = path.Dir(dir) {
		if _, ok := c.pkgNames[dir]; ok {
			return dir, true
		}
		if dir == "." {
			return "", false
		}
	}
}

// header is the comment on top of every generated Go file. It deliberately
// avoids Go's "Code generated … DO NOT EDIT." form: learners do edit day
// folders, and editors refuse or warn on files marked that way. It does not
// contain the text "TODO(dayN)" either, so that grep finds only the TODOs
// themselves.
func header(rel string, stage int) string {
	src := solutionsDir + "/" + rel
	return fmt.Sprintf(`// Generated from %s by "go run ./tools/course gen".
// Learners: this is your copy for day %d — write its TODOs here. Course authors: edit
// %s instead and regenerate; `+"`course check`"+` fails when the two drift.

`, src, stage, src)
}

// cmdGen writes every stage into the repository and removes the files of the
// day folders that gen no longer writes. Files are only rewritten when their
// contents change, so running gen twice changes nothing.
func cmdGen(root string, args []string, stdout, stderr io.Writer) int {
	if len(args) == 2 && args[0] == "-filled" {
		return genFilled(root, args[1], stdout, stderr)
	}
	if len(args) > 0 {
		fmt.Fprintf(stderr, "usage: course gen [-filled DIR]\n")
		return 2
	}
	c, err := loadCourse(root)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	all := map[string][]byte{}
	last := c.LastStage()
	for s := 1; s <= last; s++ {
		files, err := c.Generate(s, Learner)
		if err != nil {
			printErr(stderr, err)
			return 1
		}
		for p, b := range files {
			all[p] = b
		}
	}
	written, removed, err := writeStages(root, all)
	if err != nil {
		fmt.Fprintln(stderr, "course gen:", err)
		return 1
	}
	perDay := map[int]int{}
	for _, t := range c.todos {
		perDay[t.Day]++
	}
	fmt.Fprintf(stdout, "gen: %d stages, %d files (%d written, %d removed)\n", last, len(all), written, removed)
	for s := 1; s <= last; s++ {
		n := 0
		for p := range all {
			if strings.HasPrefix(p, stageDir(s)+"/") {
				n++
			}
		}
		fmt.Fprintf(stdout, "  %-20s %3d files  %2d TODOs\n", stageDir(s)+"/", n, perDay[s])
	}
	return 0
}

// writeStages makes the day folders under root hold exactly files. It
// returns how many files it wrote and removed.
func writeStages(root string, files map[string][]byte) (written, removed int, err error) {
	for p, b := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if old, err := os.ReadFile(full); err == nil && bytes.Equal(old, b) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return written, removed, err
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			return written, removed, err
		}
		written++
	}
	for _, st := range stages {
		onDisk, err := stageFiles(root, st.Dir)
		if err != nil {
			return written, removed, err
		}
		for _, p := range onDisk {
			if _, ok := files[p]; !ok {
				if err := os.Remove(filepath.Join(root, filepath.FromSlash(p))); err != nil {
					return written, removed, err
				}
				removed++
			}
		}
		removeEmptyDirs(filepath.Join(root, st.Dir))
	}
	return written, removed, nil
}

// stageFiles lists the files of a day folder on disk as slash paths from the
// repository root, skipping names that start with "." or "_". A missing
// folder has no files.
func stageFiles(root, dir string) ([]string, error) {
	var out []string
	base := filepath.Join(root, dir)
	if _, err := os.Stat(base); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != base && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// removeEmptyDirs removes the empty folders in and including dir.
func removeEmptyDirs(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() {
			removeEmptyDirs(filepath.Join(dir, e.Name()))
		}
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) == 0 {
		os.Remove(dir)
	}
}

// genFilled writes every stage filled (its TODOs solved, as course check
// tests it) into dir, a new folder outside the repository, with the
// module's go.mod and go.sum: a module in which `go test -short ./dayN-…/...`
// runs what a learner who finished day N runs (docs/performance.md times
// it).
func genFilled(root, dir string, stdout, stderr io.Writer) int {
	abs, err := filepath.Abs(dir)
	if err == nil {
		if rel, rerr := filepath.Rel(root, abs); rerr == nil && !strings.HasPrefix(rel, "..") {
			err = fmt.Errorf("%s is inside the repository: give a folder outside it", dir)
		}
	}
	if err == nil {
		if entries, rerr := os.ReadDir(abs); rerr == nil && len(entries) > 0 {
			err = fmt.Errorf("%s is not empty", dir)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "course gen -filled:", err)
		return 2
	}
	c, err := loadCourse(root)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	all := map[string][]byte{}
	for _, name := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil && !(name == "go.sum" && errors.Is(err, fs.ErrNotExist)) {
			fmt.Fprintln(stderr, "course gen -filled:", err)
			return 1
		}
		if err == nil {
			all[name] = b
		}
	}
	last := c.LastStage()
	for s := 1; s <= last; s++ {
		files, err := c.Generate(s, Filled)
		if err != nil {
			printErr(stderr, err)
			return 1
		}
		for p, b := range files {
			all[p] = b
		}
	}
	for p, b := range all {
		full := filepath.Join(abs, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			fmt.Fprintln(stderr, "course gen -filled:", err)
			return 1
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			fmt.Fprintln(stderr, "course gen -filled:", err)
			return 1
		}
	}
	fmt.Fprintf(stdout, "gen -filled: %d stages, filled, in %s (go test -short ./dayN-…/... there)\n", last, abs)
	return 0
}
