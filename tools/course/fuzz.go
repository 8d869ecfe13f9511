package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// FuzzExecs is how many inputs check runs through each fuzz target of
// solutions/: a short budget that replays the committed seed corpus and
// explores a little. It is a count, not a duration: with -fuzztime as a
// duration, a busy machine can end the run while a worker is still busy,
// and go test reports that as a failure ("context deadline exceeded"). A
// long hunt is `go test -fuzz=FuzzX -fuzztime=5m ./solutions/pkg/`.
const FuzzExecs = 5000

// fuzzTarget is one Fuzz function of solutions/.
type fuzzTarget struct {
	Pkg  string // the package's folder, relative to the repository root
	Name string // FuzzParse …
}

var fuzzFunc = regexp.MustCompile(`(?m)^func (Fuzz\w+)\(\w+ \*testing\.F\)`)

// fuzzTargets finds the fuzz targets of solutions/, sorted.
func fuzzTargets(root string) ([]fuzzTarget, error) {
	var out []fuzzTarget
	err := filepath.WalkDir(filepath.Join(root, solutionsDir), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		for _, m := range fuzzFunc.FindAllSubmatch(src, -1) {
			out = append(out, fuzzTarget{Pkg: filepath.ToSlash(rel), Name: string(m[1])})
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pkg != out[j].Pkg {
			return out[i].Pkg < out[j].Pkg
		}
		return out[i].Name < out[j].Name
	})
	return out, err
}

// checkFuzz is check 9: one fuzz target runs FuzzExecs inputs without a
// failure.
func (ck *checker) checkFuzz(f fuzzTarget) {
	start := time.Now()
	name := fmt.Sprintf("fuzz %s %s, %d inputs", f.Pkg, f.Name, FuzzExecs)
	r := runGo(ck.root, 5*time.Minute, nil, "test", "-run", "^$", "-fuzz", "^"+f.Name+"$",
		"-fuzztime", fmt.Sprintf("%dx", FuzzExecs), "./"+f.Pkg)
	var problems []string
	if r.err != nil {
		problems = append(problems, r.command()+": "+r.err.Error(), ck.tail(r.output()))
	}
	ck.report(start, name, len(problems) == 0, "", problems)
}
