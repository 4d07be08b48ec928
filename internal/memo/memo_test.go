package memo

import (
	"sync"
	"testing"
)

func TestTableBounded(t *testing.T) {
	tb := Table[int, int]{Max: 100}
	for i := range 250 {
		tb.Put(i, i*2)
		if n := tb.Len(); n > 100 {
			t.Fatalf("%d entries after %d puts, bound 100", n, i+1)
		}
	}
	if n := tb.Len(); n != 100 {
		t.Errorf("full table holds %d, want 100", n)
	}
	// The newest answer is always kept, and right.
	if v, ok := tb.Get(249); !ok || v != 498 {
		t.Errorf("Get(249) = %d, %v", v, ok)
	}
	// Replacing a key of a full table forgets nothing else.
	tb.Put(249, 1)
	if n := tb.Len(); n != 100 {
		t.Errorf("after replacing a key: %d entries, want 100", n)
	}
	tb.Reset()
	if _, ok := tb.Get(249); ok || tb.Len() != 0 {
		t.Errorf("Reset left entries")
	}
}

func TestTableConcurrent(t *testing.T) {
	var tb Table[int, int]
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				tb.Put(g*1000+i, i)
				tb.Get(i)
			}
		})
	}
	wg.Wait()
	if n := tb.Len(); n != 8000 {
		t.Errorf("unbounded table holds %d, want 8000", n)
	}
}
