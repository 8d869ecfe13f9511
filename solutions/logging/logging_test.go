//camp:file solutions

package logging_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/logging"
)

func newLogger(level logging.Level) (*logging.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	l := logging.New(&buf, level)
	l.SetTimestamps(false)
	return l, &buf
}

func TestLevelsFilterLines(t *testing.T) {
	l, buf := newLogger(logging.LevelInfo)
	l.Errorf(logging.IP, "e %d", 1)
	l.Warnf(logging.ARP, "w")
	l.Infof(logging.Device, "i")
	l.Debugf(logging.TCP, "d")
	assert.Equal(t, "ERROR ip      e 1\nWARN  arp     w\nINFO  device  i\n", buf.String())

	buf.Reset()
	l.SetLevel(logging.LevelError)
	l.Warnf(logging.IP, "hidden")
	assert.Empty(t, buf.String())
	assert.True(t, l.Enabled(logging.LevelError))
	assert.False(t, l.Enabled(logging.LevelWarn))
}

func TestTimestampsComeFirst(t *testing.T) {
	var buf bytes.Buffer
	l := logging.New(&buf, logging.LevelInfo)
	l.Infof(logging.App, "hello")
	assert.Regexp(t, `^\d\d:\d\d:\d\d\.\d\d\d INFO  app     hello\n$`, buf.String())
}

func TestColourIsOffForBuffersAndNO_COLOR(t *testing.T) {
	t.Setenv("FORCE_COLOR", "")
	t.Setenv("NO_COLOR", "")
	assert.False(t, logging.ColorEnabled(&bytes.Buffer{}), "a buffer is not a terminal")

	t.Setenv("FORCE_COLOR", "1")
	assert.True(t, logging.ColorEnabled(&bytes.Buffer{}), "FORCE_COLOR=1 forces colour")

	t.Setenv("NO_COLOR", "1")
	assert.True(t, logging.ColorEnabled(&bytes.Buffer{}), "FORCE_COLOR wins over NO_COLOR")

	t.Setenv("FORCE_COLOR", "0")
	assert.False(t, logging.ColorEnabled(&bytes.Buffer{}), "FORCE_COLOR=0 does not force")
}

func TestColouredOutputHasEscapesPerLogger(t *testing.T) {
	coloured, cbuf := newLogger(logging.LevelInfo)
	plain, pbuf := newLogger(logging.LevelInfo)
	coloured.SetColor(true)
	plain.SetColor(false)

	coloured.Infof(logging.ICMP, "echo reply")
	plain.Infof(logging.ICMP, "echo reply")
	assert.Contains(t, cbuf.String(), "\x1b[", "a coloured logger writes escape codes")
	assert.Contains(t, cbuf.String(), "echo reply")
	assert.NotContains(t, pbuf.String(), "\x1b[", "colour on one logger does not leak into another")
}

func TestTODOLinesStandOut(t *testing.T) {
	l, buf := newLogger(logging.LevelWarn)
	l.SetColor(true)
	l.TODO(logging.Stack, errors.New("TODO(day1): softirq is not implemented yet"))
	out := buf.String()
	assert.Contains(t, out, "TODO(day1): softirq")
	assert.Contains(t, out, "\x1b[43", "TODO lines have a yellow background no other line uses")

	l.SetLevel(logging.LevelError)
	buf.Reset()
	l.TODO(logging.Stack, errors.New("quiet"))
	assert.Empty(t, buf.String(), "a logger at error level hides TODO warnings too")
}

func TestHexDump(t *testing.T) {
	data := []byte("E\x00\x00\x54\x1c\x46\x40\x00\x40\x01\x00\x00\x7f\x00\x00\x01hello")
	want := "" +
		"        0000  45 00 00 54 1c 46 40 00  40 01 00 00 7f 00 00 01  |E..T.F@.@.......|\n" +
		"        0010  68 65 6c 6c 6f                                    |hello|"
	assert.Equal(t, want, logging.HexDump(data))
	assert.Empty(t, logging.HexDump(nil))
}

func TestDumpOnlyAtDebug(t *testing.T) {
	l, buf := newLogger(logging.LevelInfo)
	l.Dump(logging.Device, "frame", []byte{1, 2, 3})
	assert.Empty(t, buf.String())
	l.SetLevel(logging.LevelDebug)
	l.Dump(logging.Device, "frame", []byte{1, 2, 3})
	assert.True(t, strings.HasPrefix(buf.String(), "DEBUG device  frame (3 bytes)\n        0000  01 02 03"), buf.String())
}

func TestParseLevel(t *testing.T) {
	for _, name := range []string{"error", "WARN", "Info", "debug"} {
		_, err := logging.ParseLevel(name)
		assert.NoError(t, err, name)
	}
	lvl, err := logging.ParseLevel("debug")
	require.NoError(t, err)
	assert.Equal(t, logging.LevelDebug, lvl)
	_, err = logging.ParseLevel("loud")
	assert.ErrorContains(t, err, `unknown level "loud"`)
	assert.Equal(t, "tcp", logging.TCP.String())
}
