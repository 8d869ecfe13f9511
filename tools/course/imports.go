package main

// This file fixes the imports of a generated Go file: import paths of
// solutions/ are rewritten to the stage's folder, imports the stage's file
// no longer uses are removed (a day-4 block that used "fmt" is gone in
// stage 3), and imports of stage packages the file names but does not
// import are added (a stub's todo.New needs the stage's todo package).

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// importContext is what fixImports needs to know about the stage.
type importContext struct {
	stagePrefix string            // "github.com/go-tcpip-camp/camp/day1-device"
	stagePkgs   map[string]string // package folders in the stage -> names
	allPkgs     map[string]string // every package folder of solutions/ -> name
	ownDir      string            // the folder of the file being fixed
}

// solutionsPrefix is the import path of solutions/.
const solutionsPrefix = modulePath + "/" + solutionsDir

// importNames returns the names under which an import path can be used. For
// our own packages it is the real package name; for others it is guessed
// from the last path element, skipping a /vN element, and also without a
// "go-" prefix, a "-go" suffix or a ".vN" suffix (go-isatty is isatty,
// yaml.v3 is yaml), so a used import is never pruned.
func (ctx *importContext) importNames(p string) []string {
	if rel, ok := strings.CutPrefix(p, ctx.stagePrefix); ok && (rel == "" || rel[0] == '/') {
		dir := strings.TrimPrefix(rel, "/")
		if dir == "" {
			dir = "."
		}
		if name, ok := ctx.allPkgs[dir]; ok {
			return []string{name}
		}
	}
	elems := strings.Split(p, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && isMajorVersion(last) {
		last = elems[len(elems)-2]
	}
	names := []string{last}
	base := strings.TrimSuffix(strings.TrimPrefix(last, "go-"), "-go")
	if i := strings.LastIndex(base, ".v"); i > 0 {
		base = base[:i]
	}
	base = strings.ReplaceAll(base, "-", "_")
	if base != last {
		names = append(names, base)
	}
	return names
}

// isMajorVersion reports whether a path element is a major version, "v2" etc.
func isMajorVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	_, err := strconv.Atoi(s[1:])
	return err == nil
}

// fixImports rewrites solutions/ import paths to the stage, removes imports
// the stage's file no longer uses, adds imports of stage packages the file
// names but does not import (the todo package of a stub, say) and formats
// the result. It edits the text rather than the syntax tree, so comments
// and import grouping stay where the author put them.
func fixImports(src []byte, ctx *importContext) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("generated code does not parse: %v", err)
	}
	tf := fset.File(f.Pos())
	off := func(p token.Pos) int { return tf.Offset(p) }

	// Names used as the X of a selector X.Y. unresolved holds those the
	// parser could not bind to a declaration in the file: only they can be
	// package names that need an import added.
	used, unresolved := map[string]bool{}, map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
				if id.Obj == nil {
					unresolved[id.Name] = true
				}
			}
		}
		return true
	})

	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	imported := map[string]bool{}
	// removeDecl is the edit deleting a whole import declaration.
	removeDecl := func(gd *ast.GenDecl) edit {
		start := off(gd.Pos())
		if gd.Doc != nil {
			start = off(gd.Doc.Pos())
		}
		s, e := lineSpan(src, start, off(gd.End()))
		return edit{s, e, ""}
	}
	var parenDecl *ast.GenDecl // the first import ( … ) declaration
	parenKept := 0
	parenLastStd := false   // its last kept import is of the standard library
	var single *ast.GenDecl // the first kept import "x" declaration
	var singleSpec string   // its spec, path rewritten
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		kept := 0
		var specEdits []edit
		for _, s := range gd.Specs {
			spec := s.(*ast.ImportSpec)
			p, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return nil, err
			}
			rewritten := false
			if rel, ok := strings.CutPrefix(p, solutionsPrefix); ok && (rel == "" || rel[0] == '/') {
				p, rewritten = ctx.stagePrefix+rel, true
			}
			names := ctx.importNames(p)
			if spec.Name != nil {
				names = []string{spec.Name.Name}
			}
			keep := p == "C" || names[0] == "_" || names[0] == "."
			for _, n := range names {
				keep = keep || used[n]
			}
			if !keep {
				start, end := lineSpan(src, off(spec.Pos()), off(spec.End()))
				specEdits = append(specEdits, edit{start, end, ""})
				continue
			}
			kept++
			if gd.Lparen.IsValid() && parenDecl == nil {
				first, _, _ := strings.Cut(p, "/")
				parenLastStd = !strings.Contains(first, ".")
			}
			for _, n := range names {
				imported[n] = true
			}
			if rewritten {
				specEdits = append(specEdits, edit{off(spec.Path.Pos()), off(spec.Path.End()), strconv.Quote(p)})
			}
			if !gd.Lparen.IsValid() && single == nil {
				single, singleSpec = gd, strconv.Quote(p)
				if spec.Name != nil {
					singleSpec = spec.Name.Name + " " + singleSpec
				}
			}
		}
		switch {
		case gd.Lparen.IsValid() && parenDecl == nil:
			// Kept for now even if emptied: added imports may go in.
			parenDecl, parenKept = gd, kept
			edits = append(edits, specEdits...)
		case kept == 0:
			edits = append(edits, removeDecl(gd))
		default:
			edits = append(edits, specEdits...)
		}
	}

	// Stage packages the file names but does not import.
	var adds []string
	for name := range unresolved {
		if imported[name] {
			continue
		}
		var dirs []string
		for dir, pkg := range ctx.stagePkgs {
			if pkg == name && dir != ctx.ownDir {
				dirs = append(dirs, dir)
			}
		}
		if len(dirs) == 1 { // an ambiguous name is left for the compiler to report
			p := ctx.stagePrefix
			if dirs[0] != "." {
				p += "/" + dirs[0]
			}
			adds = append(adds, strconv.Quote(p))
		}
	}
	sort.Strings(adds)
	if len(adds) > 0 {
		var lines strings.Builder
		for _, a := range adds {
			lines.WriteString("\t" + a + "\n")
		}
		switch {
		case parenDecl != nil:
			// Before the line of the closing parenthesis, so the new
			// imports join (and are sorted into) the last group — or
			// start a group of their own after the standard library.
			text := lines.String()
			if parenKept > 0 && parenLastStd {
				text = "\n" + text
			}
			at := off(parenDecl.Rparen)
			if ls := lineStart(src, at); strings.TrimSpace(string(src[ls:at])) == "" {
				edits = append(edits, edit{ls, ls, text})
			} else {
				edits = append(edits, edit{at, at, "\n" + text})
			}
		case single != nil:
			// import "fmt" becomes import ( "fmt" … ); this edit replaces
			// the path rewrite inside it.
			start, end := off(single.Pos()), off(single.End())
			var rest []edit
			for _, e := range edits {
				if e.start < start || e.start >= end {
					rest = append(rest, e)
				}
			}
			edits = append(rest, edit{start, end, "import (\n\t" + singleSpec + "\n" + lines.String() + ")"})
		default:
			at := lineEnd(src, off(f.Name.End()))
			text := "\nimport " + adds[0] + "\n"
			if len(adds) > 1 {
				text = "\nimport (\n" + lines.String() + ")\n"
			}
			edits = append(edits, edit{at, at, text})
		}
	}

	if parenDecl != nil && parenKept == 0 && len(adds) == 0 {
		rm := removeDecl(parenDecl) // replaces the edits of its specs
		var rest []edit
		for _, e := range edits {
			if e.start < rm.start || e.start >= rm.end {
				rest = append(rest, e)
			}
		}
		edits = append(rest, rm)
	}

	// Apply the edits from the end of the file backwards, so earlier
	// offsets stay valid.
	// The edits do not overlap.
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	out := append([]byte(nil), src...)
	for _, e := range edits {
		out = append(out[:e.start:e.start], append([]byte(e.text), out[e.end:]...)...)
	}
	res, err := format.Source(out)
	if err != nil {
		return nil, fmt.Errorf("after fixing imports: %v", err)
	}
	return res, nil
}

// lineStart returns the offset of the start of the line holding offset i.
func lineStart(src []byte, i int) int {
	return bytes.LastIndexByte(src[:i], '\n') + 1
}

// lineEnd returns the offset just past the newline ending the line that
// holds offset i (or the end of src).
func lineEnd(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(src)
}

// lineSpan widens [start, end) to whole lines when nothing but white space
// (before) or white space and a // comment (after) shares them.
func lineSpan(src []byte, start, end int) (int, int) {
	if ls := lineStart(src, start); strings.TrimSpace(string(src[ls:start])) == "" {
		start = ls
	}
	le := lineEnd(src, end)
	rest := strings.TrimSpace(string(src[end:le]))
	if rest == "" || strings.HasPrefix(rest, "//") {
		end = le
	}
	return start, end
}
