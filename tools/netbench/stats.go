package main

import (
	"math"
	"slices"
)

// summary sums up the runs of one figure. The median, not the mean, is the
// figure reported: on a shared machine one run disturbed by another
// program is common, and the median ignores it where the mean would not.
// Min and max show how far the runs spread.
type summary struct {
	Median  float64   `json:"median"`
	Min     float64   `json:"min"`
	Max     float64   `json:"max"`
	Samples []float64 `json:"samples"` // every run, in the order measured
}

// summarize returns the summary of samples, which must not be empty. With
// an even number of samples the median is the mean of the middle two.
func summarize(samples []float64) summary {
	sorted := slices.Sorted(slices.Values(samples))
	n := len(sorted)
	median := sorted[n/2]
	if n%2 == 0 {
		median = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return summary{
		Median:  median,
		Min:     sorted[0],
		Max:     sorted[n-1],
		Samples: slices.Clone(samples),
	}
}

// percentile returns the p-quantile (0 < p ≤ 1) of samples, which must not
// be empty, by the nearest-rank method: the smallest sample that at least
// p of the samples do not exceed.
func percentile(samples []float64, p float64) float64 {
	sorted := slices.Sorted(slices.Values(samples))
	rank := int(math.Ceil(p * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}
