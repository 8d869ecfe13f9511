package main

import (
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/services"
)

// The measurements of client.go against the services on the kernel's
// loopback: no root, no namespace, any OS.

// serve starts the named service of solutions/services on a loopback port
// and returns its address.
func serve(t *testing.T, name string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go services.ServeTCP(name, ln)
	return ln.Addr().String()
}

// silent starts a server that accepts connections and then neither reads
// nor writes, until the test ends: a peer that has stalled.
func silent(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { <-done; c.Close() }()
		}
	}()
	return ln.Addr().String()
}

func TestSendBulk(t *testing.T) {
	r, err := sendBulk(serve(t, "discard"), 8<<20, 5*time.Second)
	require.NoError(t, err)
	assert.Equal(t, int64(8<<20), r.Bytes)
	assert.Positive(t, r.Seconds)
}

func TestSendBulkStalls(t *testing.T) {
	// The silent server reads nothing: once its receive buffer and our
	// send buffer are full (a few MB on loopback), nothing moves.
	_, err := sendBulk(silent(t), 1<<30, 300*time.Millisecond)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.ErrorContains(t, err, "stalled: nothing moved for 300ms")
}

func TestRecvBulk(t *testing.T) {
	r, err := recvBulk(serve(t, "chargen"), 8<<20, 5*time.Second)
	require.NoError(t, err)
	assert.Equal(t, int64(8<<20), r.Bytes)
	assert.Positive(t, r.Seconds)
}

func TestRecvBulkStalls(t *testing.T) {
	_, err := recvBulk(silent(t), 1<<20, 300*time.Millisecond)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
}

func TestHTTPLoad(t *testing.T) {
	r, err := httpLoad(serve(t, "http"), 4, 200*time.Millisecond, 5*time.Second)
	require.NoError(t, err)
	assert.Positive(t, r.Requests)
	assert.Zero(t, r.Stalled)
	assert.GreaterOrEqual(t, r.Seconds, 0.19, "the clock runs for -duration …")
	assert.Less(t, r.Seconds, 2.0, "… and stops at the last answer")
}

func TestHTTPLoadCountsStalledConnections(t *testing.T) {
	// The server answers every request but the tenth, which it never
	// answers: one connection stalls, the other three go on.
	var n atomic.Int64
	never := make(chan struct{})
	t.Cleanup(func() { close(never) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 10 {
			<-never
		}
		w.Write([]byte("hello"))
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	// On a busy machine an answered request may also take longer than
	// the stall limit: at least the unanswered one stalls, and the others
	// go on.
	r, err := httpLoad(ln.Addr().String(), 4, 500*time.Millisecond, time.Second)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, r.Stalled, 1, "stalled connections: the one whose request is never answered")
	assert.Greater(t, r.Requests, int64(10), "requests answered: the other connections went on")
}
