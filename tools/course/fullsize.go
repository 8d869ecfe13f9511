package main

// The full-size tests (check 4b). A test that moves a lot of data shrinks
// or skips under -short and -race by asking camptest.FullSize; check runs
// every such test once at full size, without either flag. It finds them
// by that call, not by their names: in each package of solutions/, a test
// is full-size when its body calls camptest.FullSize, or calls a function
// of the package's test files that does (at any depth).

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// fullSizeTests returns, for each package folder of solutions/ (slash
// path relative to root), its full-size tests, sorted.
func fullSizeTests(root string) (map[string][]string, error) {
	byDir := map[string][]*ast.File{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(filepath.Join(root, solutionsDir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != filepath.Join(root, solutionsDir) && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_") || d.Name() == "testdata") {
			return fs.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, p, src, 0)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		byDir[filepath.ToSlash(rel)] = append(byDir[filepath.ToSlash(rel)], f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for dir, files := range byDir {
		if tests := fullSizeInPackage(files); len(tests) > 0 {
			out[dir] = tests
		}
	}
	return out, nil
}

// fullSizeInPackage finds the full-size tests among the test files of one
// package folder.
func fullSizeInPackage(files []*ast.File) []string {
	calls := map[string]map[string]bool{} // function -> plain functions it calls
	full := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Body == nil {
				continue
			}
			name := fd.Name.Name
			if calls[name] == nil {
				calls[name] = map[string]bool{}
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				switch fn := call.Fun.(type) {
				case *ast.Ident:
					calls[name][fn.Name] = true
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok && x.Name == "camptest" && fn.Sel.Name == "FullSize" {
						full[name] = true
					}
				}
				return true
			})
		}
	}
	for changed := true; changed; {
		changed = false
		for fn, callees := range calls {
			if full[fn] {
				continue
			}
			for c := range callees {
				if full[c] {
					full[fn], changed = true, true
					break
				}
			}
		}
	}
	var tests []string
	for fn := range full {
		if strings.HasPrefix(fn, "Test") && fn != "TestMain" {
			tests = append(tests, fn)
		}
	}
	sort.Strings(tests)
	return tests
}

// fullSizeArgs are the arguments of the full-size run: every full-size
// test, by exact name, in the packages that hold them; no -short, no -race.
func fullSizeArgs(tests map[string][]string) []string {
	var dirs, names []string
	seen := map[string]bool{}
	for dir, ts := range tests {
		dirs = append(dirs, "./"+dir)
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				names = append(names, t)
			}
		}
	}
	sort.Strings(dirs)
	sort.Strings(names)
	args := []string{"test", "-json", "-count=1", "-run", "^(" + strings.Join(names, "|") + ")$"}
	return append(args, dirs...)
}
