package camptest

import "testing"

// FullSize reports whether a test that moves a lot of data (a bulk
// transfer, a lossy link, a huge write) runs at its full size. It does not
// under -short, nor under -race, which slows every memory access some
// tenfold: the test then shrinks its size, or skips.
//
// This is the one convention for such tests: `course check` runs, once and
// without either flag, every test that calls FullSize (in its own body, or
// through a function of its package that does), whatever its name. A new
// large test asks FullSize instead of testing.Short.
func FullSize() bool {
	return !testing.Short() && !raceEnabled
}
