package main

// Every TODO's id is also the anchor of its section in the day's lesson, so
// the "Lesson: docs/dayN-….md#id" line of a stub lands on the right place.
// checkAnchors (used by `course check`, not by `gen`) makes sure it exists.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
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

// mistakeBullet is how a lesson's "Common mistakes" section lists a proven
// mistake: "- **2.8 `echo-reply-keeps-type`**: …".
var mistakeBullet = regexp.MustCompile("^\\s*[-*]\\s+\\*\\*(\\d+)\\.(\\d+) `([a-z0-9]+(?:-[a-z0-9]+)*)`\\*\\*")

// checkMistakeLists returns one problem per difference between a lesson's
// "## Common mistakes" section and the day's //camp:mistake blocks: the
// section lists exactly the mistakes course check proves caught, each once
// and under its own step, so what a learner reads is what is proven.
func checkMistakeLists(root string, mistakes []Mistake) []string {
	byDay := map[int]map[string]Mistake{}
	for _, m := range mistakes {
		if byDay[m.Day] == nil {
			byDay[m.Day] = map[string]Mistake{}
		}
		byDay[m.Day][m.ID] = m
	}
	var problems []string
	for _, st := range stages {
		want := byDay[st.Day]
		path := lessonPath(st.Day)
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(path)))
		if err != nil {
			if len(want) > 0 {
				problems = append(problems, fmt.Sprintf("%s: cannot read it to check its Common mistakes: %v", path, err))
			}
			continue
		}
		listed := map[string]bool{}
		in := false
		for i, line := range strings.Split(string(b), "\n") {
			if h := heading.FindStringSubmatch(line); h != nil && strings.HasPrefix(strings.TrimSpace(line), "## ") {
				in = strings.EqualFold(strings.TrimSpace(h[1]), "Common mistakes")
				continue
			}
			m := mistakeBullet.FindStringSubmatch(line)
			if !in || m == nil {
				continue
			}
			step, id := m[1]+"."+m[2], m[3]
			mk, ok := want[id]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("%s:%d: Common mistakes lists %s %q, which is no //camp:mistake of day %d", path, i+1, step, id, st.Day))
			case listed[id]:
				problems = append(problems, fmt.Sprintf("%s:%d: Common mistakes lists %q twice", path, i+1, id))
			case step != fmt.Sprintf("%d.%d", mk.Day, mk.Step):
				problems = append(problems, fmt.Sprintf("%s:%d: Common mistakes lists %q under %s; its marker says %d.%d", path, i+1, id, step, mk.Day, mk.Step))
			}
			listed[id] = true
		}
		for id, mk := range want {
			if !listed[id] {
				problems = append(problems, fmt.Sprintf("%s:%d: mistake %d.%d %q is missing from %s's \"## Common mistakes\" (a bullet \"- **%d.%d `%s`**: …\")",
					mk.File, mk.Line, mk.Day, mk.Step, id, path, mk.Day, mk.Step, id))
			}
		}
	}
	sort.Strings(problems)
	return problems
}
