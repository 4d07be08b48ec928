//go:build !unix

package watermark

func cpuNanos() int64 { return 0 }
