package watermark

import "math"

// binomialTail is P(X ≥ k) for X ~ Binomial(n, 1/2): the chance that an
// image without the mark matches k or more of n payload bits if its
// decoded bits were fair coin flips. Terms are summed in log space so n
// in the hundreds neither overflows nor underflows.
func binomialTail(n, k int) float64 {
	if k <= 0 {
		return 1
	}
	if k > n {
		return 0
	}
	lgN, _ := math.Lgamma(float64(n + 1))
	sum := 0.0
	for i := k; i <= n; i++ {
		a, _ := math.Lgamma(float64(i + 1))
		b, _ := math.Lgamma(float64(n - i + 1))
		sum += math.Exp(lgN - a - b - float64(n)*math.Ln2)
	}
	return min(sum, 1)
}
