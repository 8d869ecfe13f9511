// Generated from solutions/logging/logging.go by "go run ./tools/course gen".
// Learners: this is your copy for day 3 — write its TODOs here. Course authors: edit
// solutions/logging/logging.go instead and regenerate; `course check` fails when the two drift.

// Package logging is the stack's levelled, colour-coded logger.
//
// Learners read these logs all day, so every line says when, how serious,
// which layer and what happened:
//
//	13:04:05.120 INFO  device  net1: transmit type=0x0800 len=48
//	13:04:05.120 DEBUG stack   irq: net1 raised
//
// Each level and each layer has a colour of its own; a TODO stub that the
// stack hits is printed in a colour no other line uses. A [Logger] belongs
// to one Stack (there is no global level), so tests can run several stacks
// with different loggers in one process.
//
// Colour follows the conventions of the terminal world: it is on when the
// output is a terminal, off when it is not (a file, a pipe, a test buffer)
// or when NO_COLOR is set, and forced on by FORCE_COLOR=1.
package logging

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fatih/color"
)

// Level is how serious a log line is. A logger prints the lines at its
// level and at the levels above it (LevelError is the highest).
type Level int

// The levels, from the quietest logger to the most talkative one.
const (
	LevelError Level = iota // something is broken
	LevelWarn               // something is wrong but the stack goes on (and TODO stubs)
	LevelInfo               // one line per interesting event
	LevelDebug              // every step, with hex dumps of frames
)

var levelNames = [...]string{"ERROR", "WARN", "INFO", "DEBUG"}

func (l Level) String() string {
	if l >= 0 && int(l) < len(levelNames) {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// ParseLevel turns "error", "warn", "info" or "debug" into a Level.
func ParseLevel(s string) (Level, error) {
	for i, n := range levelNames {
		if strings.EqualFold(s, n) {
			return Level(i), nil
		}
	}
	return 0, fmt.Errorf("logging: unknown level %q (want error, warn, info or debug)", s)
}

// Layer says which part of the stack a line comes from. Each layer prints
// in its own colour, so one packet can be followed up and down the stack.
type Layer int

// The layers, bottom up.
const (
	Stack  Layer = iota // the event loop: interrupts, soft interrupts, queues
	Device              // device drivers
	Ether               // Ethernet framing
	ARP                 // address resolution
	IP                  // IPv4
	ICMP                // ping and errors
	UDP                 // datagrams
	TCP                 // connections
	DHCP                // address configuration
	App                 // programs using the stack (the demo, campd)
	numLayers
)

var layerNames = [numLayers]string{"stack", "device", "ether", "arp", "ip", "icmp", "udp", "tcp", "dhcp", "app"}

func (l Layer) String() string {
	if l >= 0 && l < numLayers {
		return layerNames[l]
	}
	return fmt.Sprintf("Layer(%d)", int(l))
}

// The colour of each layer and of each level. These are values read by every
// logger, never changed; each Logger builds its own color.Color objects from
// them, so one logger's colour setting cannot leak into another's.
var (
	layerAttrs = [numLayers][]color.Attribute{
		Stack:  {color.FgWhite, color.Bold},
		Device: {color.FgMagenta},
		Ether:  {color.FgBlue},
		ARP:    {color.FgYellow},
		IP:     {color.FgCyan},
		ICMP:   {color.FgGreen},
		UDP:    {color.FgHiBlue},
		TCP:    {color.FgHiGreen},
		DHCP:   {color.FgHiMagenta},
		App:    {color.FgHiWhite, color.Bold},
	}
	levelAttrs = [...][]color.Attribute{
		LevelError: {color.FgRed, color.Bold},
		LevelWarn:  {color.FgYellow},
		LevelInfo:  {color.FgGreen},
		LevelDebug: {color.Faint},
	}
	todoAttrs = []color.Attribute{color.BgYellow, color.FgBlack, color.Bold}
)

// Logger writes log lines for one stack. It is safe for concurrent use.
// The zero value is not usable: call [New].
type Logger struct {
	// level is read on every call, from every goroutine of the stack, so
	// it is an atomic: a call whose level is off returns without taking mu.
	level atomic.Int32

	mu     sync.Mutex
	w      io.Writer
	clock  func() time.Time // nil: no timestamps
	prefix string           // names the stack when several share an output
	noDump bool             // debug level without hex dumps

	colour bool
	layers [numLayers]*color.Color
	levels [len(levelNames)]*color.Color
	todo   *color.Color
	faint  *color.Color
}

// New returns a logger writing to w at the given level. Colour is decided
// by [ColorEnabled]; timestamps come from time.Now (inside a
// testing/synctest bubble that is the bubble's fake clock).
func New(w io.Writer, level Level) *Logger {
	l := &Logger{w: w, clock: time.Now}
	l.level.Store(int32(level))
	l.SetColor(ColorEnabled(w))
	return l
}

// Discard returns a logger that prints nothing.
func Discard() *Logger { return New(io.Discard, LevelError) }

// ColorEnabled reports whether output to w should be coloured:
// FORCE_COLOR set to anything but "" or "0" turns colour on; otherwise
// NO_COLOR set to anything but "" turns it off (https://no-color.org);
// otherwise colour is on only when w is a terminal and TERM is not "dumb".
func ColorEnabled(w io.Writer) bool {
	if v := os.Getenv("FORCE_COLOR"); v != "" && v != "0" {
		return true
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// SetColor turns colour on or off for this logger only.
func (l *Logger) SetColor(on bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	l.colour = on
	for i := range l.layers {
		l.layers[i] = mk(layerAttrs[i]...)
	}
	for i := range l.levels {
		l.levels[i] = mk(levelAttrs[i]...)
	}
	l.todo = mk(todoAttrs...)
	l.faint = mk(color.Faint)
}

// SetPrefix names the stack in every line, after the time: with two
// stacks logging to one terminal, "alice" and "bob" tell them apart.
func (l *Logger) SetPrefix(name string) {
	l.mu.Lock()
	l.prefix = name
	l.mu.Unlock()
}

// SetDumps turns the hex dumps of debug level on (the default) or off:
// tests keep debug lines but not dumps of megabytes of data.
func (l *Logger) SetDumps(on bool) {
	l.mu.Lock()
	l.noDump = !on
	l.mu.Unlock()
}

// SetLevel changes the level of this logger.
func (l *Logger) SetLevel(level Level) {
	l.level.Store(int32(level))
}

// SetTimestamps turns the time column on or off (tests turn it off to
// compare output exactly).
func (l *Logger) SetTimestamps(on bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if on {
		l.clock = time.Now
	} else {
		l.clock = nil
	}
}

// Enabled reports whether lines at level are printed. Callers use it to
// skip building messages nobody will read: the arguments of a Debugf call
// are built (and most of them allocated) even when debug is off, which on
// a line run for every packet costs more than the packet's own work.
func (l *Logger) Enabled(level Level) bool {
	return int32(level) <= l.level.Load()
}

// Errorf logs at LevelError.
func (l *Logger) Errorf(layer Layer, format string, args ...any) {
	l.logf(LevelError, layer, format, args...)
}

// Warnf logs at LevelWarn.
func (l *Logger) Warnf(layer Layer, format string, args ...any) {
	l.logf(LevelWarn, layer, format, args...)
}

// Infof logs at LevelInfo.
func (l *Logger) Infof(layer Layer, format string, args ...any) {
	l.logf(LevelInfo, layer, format, args...)
}

// Debugf logs at LevelDebug.
func (l *Logger) Debugf(layer Layer, format string, args ...any) {
	l.logf(LevelDebug, layer, format, args...)
}

// TODO logs an error from an unfinished part of the stack (see package
// todo) at LevelWarn, in the colour reserved for TODOs.
func (l *Logger) TODO(layer Layer, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.Enabled(LevelWarn) {
		return
	}
	l.writeLine(LevelWarn, layer, l.todo.Sprint(" "+err.Error()+" "))
}

func (l *Logger) logf(level Level, layer Layer, format string, args ...any) {
	if !l.Enabled(level) {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writeLine(level, layer, fmt.Sprintf(format, args...))
}

// writeLine prints one line; l.mu is held.
func (l *Logger) writeLine(level Level, layer Layer, msg string) {
	var b strings.Builder
	if l.clock != nil {
		b.WriteString(l.faint.Sprint(l.clock().Format("15:04:05.000")))
		b.WriteByte(' ')
	}
	if l.prefix != "" {
		b.WriteString(l.layers[App].Sprintf("%-6s", l.prefix))
		b.WriteByte(' ')
	}
	b.WriteString(l.levels[level].Sprintf("%-5s", level))
	b.WriteByte(' ')
	if layer < 0 || layer >= numLayers {
		layer = Stack
	}
	b.WriteString(l.layers[layer].Sprintf("%-6s", layer))
	b.WriteString("  ")
	b.WriteString(msg)
	b.WriteByte('\n')
	io.WriteString(l.w, b.String())
}
