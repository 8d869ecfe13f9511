package main

// Every TODO's id is also the anchor of its section in the day's lesson, so
// the "Lesson: docs/dayN-….md#id" line of a stub lands on the right place.
// checkAnchors (used by `course check`, not by `gen`) makes sure it exists.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

// checkAnchors returns one problem per TODO whose id is not an anchor of its
// lesson: neither an id="<id>" attribute nor a heading whose GitHub slug is
// the id.
func checkAnchors(root string, todos []TODO) []string {
	anchors := map[int]map[string]bool{}
	missing := map[int]bool{} // days whose lesson does not exist
	var problems []string
	for _, t := range todos {
		if anchors[t.Day] == nil {
			b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(lessonPath(t.Day))))
			missing[t.Day] = err != nil
			anchors[t.Day] = lessonAnchors(string(b))
		}
		if !anchors[t.Day][t.ID] {
			note := fmt.Sprintf("add a heading or <a id=%q></a>", t.ID)
			if missing[t.Day] {
				note = "the lesson does not exist yet"
			}
			problems = append(problems, fmt.Sprintf("%s:%d: TODO %q has no anchor in %s (%s)",
				t.File, t.Line, t.ID, lessonPath(t.Day), note))
		}
	}
	return problems
}

var (
	idAttr   = regexp.MustCompile(`\bid="([^"]+)"`)
	heading  = regexp.MustCompile(`^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$`)
	mdLink   = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	htmlTags = regexp.MustCompile(`<[^>]+>`)
)

// lessonAnchors returns the anchors of a Markdown lesson: id attributes and
// the GitHub slugs of its headings (fenced code blocks skipped).
func lessonAnchors(md string) map[string]bool {
	out := map[string]bool{}
	for _, m := range idAttr.FindAllStringSubmatch(md, -1) {
		out[m[1]] = true
	}
	seen := map[string]int{}
	fence := ""
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		m := heading.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		slug := githubSlug(m[1])
		if n := seen[slug]; n > 0 {
			out[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			out[slug] = true
		}
		seen[slug]++
	}
	return out
}

// githubSlug is the anchor GitHub gives a heading: the text without markup,
// lowercased, punctuation other than "-" and "_" removed, spaces turned into
// "-".
func githubSlug(text string) string {
	text = mdLink.ReplaceAllString(text, "$1")
	text = htmlTags.ReplaceAllString(text, "")
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
