package main

// The fuzz proofs (check 9). Every package of solutions/ that parses wire
// bytes must have a fuzz target, and every fuzz target must really run:
// replay its seed corpus (its f.Add inputs and testdata/fuzz/FuzzX files),
// then explore FuzzExecs inputs. The exit status alone proves nothing: a
// target whose file a build constraint leaves out ("[no test files]")
// exits 0 having run nothing, so check reads the fuzzer's own counts.

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
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
	Pkg   string // the package's folder, relative to the repository root
	Name  string // FuzzParse …
	File  string // the test file, relative to the repository root
	Seeds int    // at least this many seed inputs: f.Add calls in its source plus testdata/fuzz/<Name> files
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
		dir := filepath.Dir(path)
		rel, _ := filepath.Rel(root, dir)
		relFile, _ := filepath.Rel(root, path)
		locs := fuzzFunc.FindAllSubmatchIndex(src, -1)
		for i, m := range locs {
			name := string(src[m[2]:m[3]])
			end := len(src)
			if i+1 < len(locs) {
				end = locs[i+1][0]
			}
			seeds := strings.Count(string(src[m[0]:end]), "f.Add(")
			corpus, _ := os.ReadDir(filepath.Join(dir, "testdata", "fuzz", name))
			for _, c := range corpus {
				if !c.IsDir() {
					seeds++
				}
			}
			out = append(out, fuzzTarget{Pkg: filepath.ToSlash(rel), Name: name, File: filepath.ToSlash(relFile), Seeds: seeds})
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

// fuzzRun is what the output of `go test -v -run ^FuzzX$ -fuzz ^FuzzX$`
// says a target did.
type fuzzRun struct {
	passed          bool // "--- PASS: FuzzX"
	baseline, total int  // "gathering baseline coverage: N/M completed" (the seed corpus and the cache), last seen
	execs           int  // "execs: N", last seen
	noTests         bool // the package has no test files, or no such target, for this system
}

var (
	fuzzBaseline = regexp.MustCompile(`gathering baseline coverage: (\d+)/(\d+) completed`)
	fuzzExecs    = regexp.MustCompile(`execs: (\d+) `)
)

// parseFuzzRun reads the output of one fuzz run of target name.
func parseFuzzRun(out, name string) fuzzRun {
	var r fuzzRun
	r.passed = strings.Contains(out, "--- PASS: "+name+" ")
	for _, m := range fuzzBaseline.FindAllStringSubmatch(out, -1) {
		r.baseline, _ = strconv.Atoi(m[1])
		r.total, _ = strconv.Atoi(m[2])
	}
	for _, m := range fuzzExecs.FindAllStringSubmatch(out, -1) {
		r.execs, _ = strconv.Atoi(m[1])
	}
	r.noTests = strings.Contains(out, "[no test files]") || strings.Contains(out, "no fuzz tests to fuzz") || strings.Contains(out, "no tests to run")
	return r
}

// judgeFuzz says what is wrong with a fuzz run of f (nothing: nil).
func judgeFuzz(f fuzzTarget, r fuzzRun, execs int) []string {
	var problems []string
	if !r.passed {
		problems = append(problems, fmt.Sprintf("%s did not pass (no \"--- PASS: %s\" in the output)", f.Name, f.Name))
	}
	if r.total < max(1, f.Seeds) || r.baseline != r.total {
		problems = append(problems, fmt.Sprintf("%s replayed %d of %d corpus inputs; its source and testdata/fuzz/%s hold at least %d", f.Name, r.baseline, r.total, f.Name, max(1, f.Seeds)))
	}
	if r.execs < execs {
		problems = append(problems, fmt.Sprintf("%s ran %d inputs, not %d", f.Name, r.execs, execs))
	}
	return problems
}

// builtHere reports whether file (relative to root) builds for this
// GOOS/GOARCH: its name and //go:build line allow it.
func builtHere(root, file string) bool {
	ok, err := build.Default.MatchFile(filepath.Join(root, filepath.Dir(file)), filepath.Base(file))
	return err != nil || ok
}

// checkFuzz is check 9 for one fuzz target: it replays its seed corpus,
// then runs FuzzExecs inputs, without a failure. A target whose file does
// not build on this system is reported as a skip on the final line (it is
// proven on Linux, in CI), never as a pass.
func (ck *checker) checkFuzz(f fuzzTarget) {
	start := time.Now()
	name := fmt.Sprintf("fuzz %s %s, %d inputs", f.Pkg, f.Name, FuzzExecs)
	if !builtHere(ck.root, f.File) {
		ck.noteSkip("fuzz", fmt.Sprintf("%s builds only for other systems than %s", f.File, runtime.GOOS))
		ck.report(start, name, true, "skipped: "+f.File+" does not build on "+runtime.GOOS, nil)
		return
	}
	r := runGo(ck.root, 5*time.Minute, checkEnv(), "test", "-v", "-run", "^"+f.Name+"$", "-fuzz", "^"+f.Name+"$",
		"-fuzztime", fmt.Sprintf("%dx", FuzzExecs), "./"+f.Pkg)
	var problems []string
	if r.err != nil {
		problems = append(problems, r.command()+": "+r.err.Error(), ck.tail(r.output()))
	} else if p := judgeFuzz(f, parseFuzzRun(r.output(), f.Name), FuzzExecs); len(p) > 0 {
		problems = append(append(problems, r.command()+":"), p...)
		problems = append(problems, ck.tail(r.output()))
	}
	ck.report(start, name, len(problems) == 0, "", problems)
}

// parserFunc is the name of a function that turns wire bytes into values.
var parserFunc = regexp.MustCompile(`^(Parse|Unmarshal|Decode)`)

// packagesThatParse lists the package folders of solutions/ (relative to
// root, slash paths) that parse wire bytes: outside internal/ and cmd/,
// they export a function (not a method) named Parse…, Unmarshal… or
// Decode… whose first parameter is a []byte. ParseMAC(string) parses text,
// not bytes off the wire, and does not count.
func packagesThatParse(root string) ([]string, error) {
	seen := map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(filepath.Join(root, solutionsDir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "internal", "cmd", "testdata":
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !fd.Name.IsExported() || !parserFunc.MatchString(fd.Name.Name) {
				continue
			}
			if params := fd.Type.Params.List; len(params) > 0 {
				if at, ok := params[0].Type.(*ast.ArrayType); ok && at.Len == nil {
					if id, ok := at.Elt.(*ast.Ident); ok && id.Name == "byte" {
						rel, _ := filepath.Rel(root, filepath.Dir(p))
						seen[filepath.ToSlash(rel)] = true
					}
				}
			}
		}
		return nil
	})
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, err
}

// checkFuzzCoverage is the first half of check 9: every package that
// parses wire bytes has a fuzz target.
func (ck *checker) checkFuzzCoverage(targets []fuzzTarget) {
	start := time.Now()
	pkgs, err := packagesThatParse(ck.root)
	if err != nil {
		ck.report(start, "a fuzz target in every package that parses wire bytes", false, "", []string{err.Error()})
		return
	}
	have := map[string]bool{}
	for _, t := range targets {
		have[t.Pkg] = true
	}
	var problems []string
	for _, p := range pkgs {
		if !have[p] {
			problems = append(problems, fmt.Sprintf("%s parses wire bytes (it exports a Parse…, Unmarshal… or Decode… of a []byte) but has no fuzz target: add a func Fuzz…(f *testing.F) to its tests, with seed inputs", p))
		}
	}
	ck.report(start, "a fuzz target in every package that parses wire bytes", len(problems) == 0, fmt.Sprintf("%d packages", len(pkgs)), problems)
}
